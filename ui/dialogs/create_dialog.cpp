#include "dialogs/create_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace juxta::ui {

CreateDialog::CreateDialog(QWidget* parent)
    : QDialog(parent), body_(new QVBoxLayout), error_(new QLabel(this)) {
    error_->setTextFormat(Qt::PlainText);  // engine errors quote image and guest text
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("QLabel { color: #dc2626; }"));
    error_->setObjectName(QStringLiteral("dialogError"));
    error_->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    ok_->setText(tr("Create and &Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body_);
    layout->addWidget(error_);
    layout->addWidget(buttons);
}

void CreateDialog::acceptInstanceNames(QLineEdit* edit) {
    edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")), edit));
}

void CreateDialog::showError(const QString& message) {
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
}

void CreateDialog::accept() {
    if (const QString why = problem(); !why.isEmpty()) {
        showError(why);
        return;
    }
    showError({});
    ok_->setEnabled(false);
    submit();
}

void CreateDialog::finish(bool ok, const QString& message) {
    ok_->setEnabled(true);
    if (ok) {
        QDialog::accept();
        return;
    }
    showError(message);
}

}  // namespace juxta::ui
