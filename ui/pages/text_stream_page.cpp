#include "pages/text_stream_page.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedLayout>

namespace juxta::ui {

TextStreamPage::TextStreamPage(QWidget* parent)
    : QWidget(parent),
      stack_(new QStackedLayout(this)),
      unavailable_(new QLabel(this)),
      view_(new QPlainTextEdit(this)) {
    unavailable_->setTextFormat(Qt::PlainText);
    unavailable_->setAlignment(Qt::AlignCenter);
    unavailable_->setWordWrap(true);
    unavailable_->setEnabled(false);
    view_->setReadOnly(true);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_->setMaximumBlockCount(20000);
    stack_->addWidget(unavailable_);
    stack_->addWidget(view_);
}

void TextStreamPage::showUnavailable(const QString& why) {
    unavailable_->setText(why);
    stack_->setCurrentWidget(unavailable_);
}

void TextStreamPage::showStream(const QByteArray& initial) {
    view_->setPlainText(QString::fromUtf8(initial));
    stack_->setCurrentWidget(view_);
}

void TextStreamPage::appendBytes(const QByteArray& bytes) {
    view_->moveCursor(QTextCursor::End);
    view_->insertPlainText(QString::fromUtf8(bytes));
}

QString TextStreamPage::text() const {
    return stack_->currentWidget() == view_ ? view_->toPlainText() : unavailable_->text();
}

}  // namespace juxta::ui
