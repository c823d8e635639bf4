#include "preferences_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "i18n.h"

namespace juxta::ui {

PreferencesDialog::PreferencesDialog(const Settings& current, const HostHistoryService::Status& hostHistory,
                                     QWidget* parent)
    : QDialog(parent),
      base_(current),
      language_(new QComboBox(this)),
      theme_(new QComboBox(this)),
      interval_(new QDoubleSpinBox(this)),
      hostHistory_(new QCheckBox(tr("&Keep the host's history while Juxta is closed"), this)),
      hostHistoryNote_(new QLabel(this)) {
    setWindowTitle(tr("Preferences"));
    language_->setObjectName(QStringLiteral("language"));
    language_->addItem(tr("System default"), QStringLiteral("system"));
    for (const Language& l : availableLanguages()) language_->addItem(l.nativeName, l.code);
    language_->setCurrentIndex(std::max(0, language_->findData(current.language)));

    theme_->addItem(tr("System default"), toString(Theme::System));
    theme_->addItem(tr("Light"), toString(Theme::Light));
    theme_->addItem(tr("Dark"), toString(Theme::Dark));
    theme_->setCurrentIndex(std::max(0, theme_->findData(toString(current.theme))));

    interval_->setRange(0.25, 60);
    interval_->setDecimals(2);
    interval_->setSingleStep(0.25);
    interval_->setSuffix(tr(" s"));
    interval_->setValue(current.sampleIntervalMs / 1000.0);

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), language_);
    auto* note = new QLabel(tr("A new language applies the next time Juxta starts."), this);
    note->setEnabled(false);
    form->addRow(QString(), note);
    form->addRow(tr("&Theme:"), theme_);
    form->addRow(tr("&Sample every:"), interval_);

    // Each container and VM keeps its own history (its monitor records it); the host's is kept by a
    // user service, off until switched on here.
    hostHistory_->setObjectName(QStringLiteral("keepHostHistory"));
    hostHistory_->setChecked(hostHistory.state == HostHistoryService::State::On);
    hostHistory_->setEnabled(hostHistory.state != HostHistoryService::State::Unavailable);
    hostHistoryNote_->setObjectName(QStringLiteral("hostHistoryNote"));
    hostHistoryNote_->setWordWrap(true);
    hostHistoryNote_->setTextFormat(Qt::PlainText);
    hostHistoryNote_->setEnabled(false);
    hostHistoryNote_->setText(
        hostHistory.state == HostHistoryService::State::Unavailable
            ? tr("Not available here: %1. `juxtactl metrics record` keeps it while it runs.")
                  .arg(hostHistory.reason)
            : tr("The juxta-metrics user service records the host's figures once a second, up to 30 days "
                 "back; containers and VMs keep their own."));
    form->addRow(QString(), hostHistory_);
    form->addRow(QString(), hostHistoryNote_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

bool PreferencesDialog::keepsHostHistory() const {
    return hostHistory_->isChecked();
}

Settings PreferencesDialog::settings() const {
    Settings s = base_;
    s.language = language_->currentData().toString();
    s.theme = themeFromString(theme_->currentData().toString());
    s.sampleIntervalMs = int(interval_->value() * 1000);
    return s;
}

}  // namespace juxta::ui
