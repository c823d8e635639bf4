#include "pages/console_page.h"

#include <QLabel>
#include <QStackedLayout>
#include <QVBoxLayout>

#include "terminal/terminal_widget.h"

namespace juxta::ui {

ConsolePage::ConsolePage(QWidget* parent)
    : QWidget(parent),
      stack_(new QStackedLayout(this)),
      unavailable_(new QLabel(this)),
      terminalPage_(new QWidget(this)),
      status_(new QLabel(terminalPage_)),
      terminal_(new TerminalWidget(terminalPage_)) {
    unavailable_->setTextFormat(Qt::PlainText);
    status_->setTextFormat(Qt::PlainText);
    unavailable_->setAlignment(Qt::AlignCenter);
    unavailable_->setWordWrap(true);
    unavailable_->setEnabled(false);
    status_->setObjectName(QStringLiteral("consoleStatus"));
    auto* layout = new QVBoxLayout(terminalPage_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(status_);
    layout->addWidget(terminal_, 1);
    stack_->addWidget(unavailable_);
    stack_->addWidget(terminalPage_);
}

void ConsolePage::showUnavailable(const QString& why) {
    unavailable_->setText(why);
    stack_->setCurrentWidget(unavailable_);
}

void ConsolePage::showTerminal() {
    terminal_->reset();
    stack_->setCurrentWidget(terminalPage_);
}

void ConsolePage::setStatus(const QString& status) {
    status_->setText(status);
}

bool ConsolePage::terminalShown() const {
    return stack_->currentWidget() == terminalPage_;
}

}  // namespace juxta::ui
