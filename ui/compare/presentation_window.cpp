#include "compare/presentation_window.h"

#include <qcustomplot.h>

#include <QCloseEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace juxta::ui {
namespace {

QFont scaled(QFont f, double factor) {
    f.setPointSizeF(f.pointSizeF() * factor);
    return f;
}

// A plot's fonts are copied from the widget when its parts are made, so a larger widget font does
// not reach them: scale every part's font once, when the slide is added.
void enlargePlotFonts(QCustomPlot* plot, double factor) {
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setTickLabelFont(scaled(axis->tickLabelFont(), factor));
        axis->setLabelFont(scaled(axis->labelFont(), factor));
    }
    plot->legend->setFont(scaled(plot->legend->font(), factor));
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        plot->legend->item(i)->setFont(scaled(plot->legend->item(i)->font(), factor));
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* text = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            text->setFont(scaled(text->font(), factor));
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i)))
            text->setFont(scaled(text->font(), factor));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace

PresentationWindow::PresentationWindow(QWidget* parent)
    : QWidget(parent, Qt::Window),
      title_(new QLabel(this)),
      position_(new QLabel(this)),
      stack_(new QStackedWidget(this)) {
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Juxta — presentation"));
    setFont(scaled(font(), kFontScale));
    title_->setObjectName(QStringLiteral("slideTitle"));
    title_->setFont(scaled(font(), 1.4));
    title_->setAlignment(Qt::AlignCenter);
    position_->setObjectName(QStringLiteral("slidePosition"));
    position_->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 16);
    layout->addWidget(title_);
    layout->addWidget(stack_, 1);
    layout->addWidget(position_);
    setFocusPolicy(Qt::StrongFocus);
}

void PresentationWindow::addSlide(const QString& title, QWidget* content) {
    content->setFont(font());
    for (QCustomPlot* plot : content->findChildren<QCustomPlot*>()) enlargePlotFonts(plot, kFontScale);
    if (auto* plot = qobject_cast<QCustomPlot*>(content)) enlargePlotFonts(plot, kFontScale);
    // The charts must not take the keys the window navigates with.
    content->setFocusPolicy(Qt::NoFocus);
    for (QWidget* w : content->findChildren<QWidget*>()) w->setFocusPolicy(Qt::NoFocus);
    titles_ << title;
    stack_->addWidget(content);
    if (stack_->count() == 1)
        showSlide(0);
    else
        showSlide(currentSlide());  // the position text counts the new slide
}

int PresentationWindow::slideCount() const {
    return stack_->count();
}
int PresentationWindow::currentSlide() const {
    return stack_->currentIndex();
}
QString PresentationWindow::currentTitle() const {
    return titles_.value(currentSlide());
}

void PresentationWindow::showSlide(int index) {
    if (stack_->count() == 0) return;
    index = std::clamp(index, 0, stack_->count() - 1);
    stack_->setCurrentIndex(index);
    title_->setText(titles_.value(index));
    position_->setText(tr("%1 / %2   ·   ← → to move, Esc to leave").arg(index + 1).arg(stack_->count()));
}

void PresentationWindow::present() {
    showFullScreen();
    activateWindow();
    setFocus();
}

void PresentationWindow::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_Right:
        case Qt::Key_Space:
        case Qt::Key_PageDown:
            showSlide(currentSlide() + 1);
            break;
        case Qt::Key_Left:
        case Qt::Key_Backspace:
        case Qt::Key_PageUp:
            showSlide(currentSlide() - 1);
            break;
        case Qt::Key_Home:
            showSlide(0);
            break;
        case Qt::Key_End:
            showSlide(slideCount() - 1);
            break;
        case Qt::Key_Escape:
            close();
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

void PresentationWindow::closeEvent(QCloseEvent* event) {
    emit closed();
    QWidget::closeEvent(event);
}

}  // namespace juxta::ui
