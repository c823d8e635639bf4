// Presentation mode: one slide at a time, moved through with the keyboard, in large type, and
// Escape leaves it.
#include <qcustomplot.h>

#include <QLabel>
#include <QPointer>
#include <QTest>

#include "compare/presentation_window.h"

using namespace juxta::ui;

class TestComparePresentation : public QObject {
    Q_OBJECT

    static QCustomPlot* chart() {
        auto* plot = new QCustomPlot;
        plot->addGraph()->setData({0, 1, 2}, {1, 3, 2});
        return plot;
    }

  private slots:
    void keysMoveThroughTheSlides() {
        QPointer<PresentationWindow> w = new PresentationWindow;
        w->addSlide("CPU", chart());
        w->addSlide("Memory", chart());
        w->addSlide("Start-up", chart());
        w->present();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QCOMPARE(w->slideCount(), 3);
        QCOMPARE(w->currentTitle(), QString("CPU"));
        QVERIFY(w->findChild<QLabel*>("slidePosition")->text().startsWith("1 / 3"));

        QTest::keyClick(w, Qt::Key_Right);
        QCOMPARE(w->currentTitle(), QString("Memory"));
        QTest::keyClick(w, Qt::Key_Space);
        QCOMPARE(w->currentSlide(), 2);
        QTest::keyClick(w, Qt::Key_Right);  // the last slide stays
        QCOMPARE(w->currentSlide(), 2);
        QVERIFY(w->findChild<QLabel*>("slidePosition")->text().startsWith("3 / 3"));
        QTest::keyClick(w, Qt::Key_Left);
        QCOMPARE(w->currentSlide(), 1);
        QTest::keyClick(w, Qt::Key_Home);
        QCOMPARE(w->currentSlide(), 0);
        QTest::keyClick(w, Qt::Key_Left);  // nor does the first
        QCOMPARE(w->currentSlide(), 0);
        QTest::keyClick(w, Qt::Key_End);
        QCOMPARE(w->currentTitle(), QString("Start-up"));

        QTest::keyClick(w, Qt::Key_Escape);
        QTRY_VERIFY(!w);  // closed and deleted
    }

    void typeIsLarge() {
        QCustomPlot reference;
        auto* w = new PresentationWindow;
        auto* plot = chart();
        w->addSlide("CPU", plot);
        QVERIFY(w->font().pointSizeF() >= reference.font().pointSizeF() * 1.5);
        QVERIFY(plot->xAxis->tickLabelFont().pointSizeF() >=
                reference.xAxis->tickLabelFont().pointSizeF() * 1.5);
        QVERIFY(w->findChild<QLabel*>("slideTitle")->font().pointSizeF() > w->font().pointSizeF());
        delete w;
    }

    void chartsDoNotTakeTheKeys() {
        QPointer<PresentationWindow> w = new PresentationWindow;
        auto* plot = chart();
        w->addSlide("CPU", plot);
        w->addSlide("Memory", chart());
        QCOMPARE(plot->focusPolicy(), Qt::NoFocus);
        delete w;
    }
};

QTEST_MAIN(TestComparePresentation)
#include "test_compare_presentation.moc"
