#pragma once
// A terminal: libvterm keeps the screen state (escape sequences, colours, cursor, alternate screen),
// this widget draws its cells, keeps a scrollback, and turns keys and pastes into the bytes a
// terminal sends. It is not tied to any process: feed() takes what the instance wrote, sendBytes()
// carries what the user typed, sizeChanged() the rows and columns to give the instance's pty.
#include <vterm.h>

#include <QAbstractScrollArea>
#include <QList>
#include <QVector>

namespace juxta::ui {

class TerminalWidget : public QAbstractScrollArea {
    Q_OBJECT
  public:
    explicit TerminalWidget(QWidget* parent = nullptr);
    ~TerminalWidget() override;

    int rows() const { return rows_; }
    int columns() const { return cols_; }
    // The text of a screen row (0 = top of the live screen), trailing blanks removed.
    QString lineText(int row) const;
    QColor foregroundAt(int row, int column) const;
    int scrollbackLines() const { return int(scrollback_.size()); }

  public slots:
    void feed(const QByteArray& bytes);
    void reset();

  signals:
    void sendBytes(const QByteArray& bytes);
    void sizeChanged(int rows, int columns);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void inputMethodEvent(QInputMethodEvent* event) override;
    bool focusNextPrevChild(bool next) override;
    void changeEvent(QEvent* event) override;

  private:
    struct Cell {
        QString text;
        QColor fg, bg;
        bool bold = false, underline = false, italic = false;
        int width = 1;              // 2 for a wide (CJK) character
        bool continuation = false;  // the right half of a wide character
    };
    using Line = QVector<Cell>;

    static int onDamage(VTermRect, void* self);
    static int onMoveCursor(VTermPos pos, VTermPos old, int visible, void* self);
    static int onPushLine(int cols, const VTermScreenCell* cells, void* self);
    static int onPopLine(int cols, VTermScreenCell* cells, void* self);
    static void onOutput(const char* bytes, size_t len, void* self);

    Cell toCell(const VTermScreenCell& c) const;
    Cell cellAt(int row, int column) const;  // row < 0 reaches into the scrollback
    void updateGeometryFromFont();
    void updateScrollBar();
    void paste();

    VTerm* vt_;
    VTermScreen* screen_;
    int rows_ = 24, cols_ = 80;
    int cursorRow_ = 0, cursorCol_ = 0;
    bool cursorVisible_ = true;
    QSize cell_;
    QList<Line> scrollback_;
    static constexpr int kScrollbackLimit = 5000;
    bool followOutput_ = true;
};

}  // namespace juxta::ui
