#include "terminal/terminal_widget.h"

#include <vterm.h>

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

namespace juxta::ui {
namespace {

const QColor kBackground(0x1e, 0x1f, 0x22);
const QColor kForeground(0xe6, 0xe6, 0xe6);

VTermModifier modifiers(Qt::KeyboardModifiers m) {
    int mod = VTERM_MOD_NONE;
    if (m & Qt::ShiftModifier) mod |= VTERM_MOD_SHIFT;
    if (m & Qt::AltModifier) mod |= VTERM_MOD_ALT;
    if (m & Qt::ControlModifier) mod |= VTERM_MOD_CTRL;
    return VTermModifier(mod);
}

// Keys that are not text: the terminal sends an escape sequence for them.
bool specialKey(int key, VTermKey& out) {
    switch (key) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            out = VTERM_KEY_ENTER;
            return true;
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            out = VTERM_KEY_TAB;
            return true;
        case Qt::Key_Backspace:
            out = VTERM_KEY_BACKSPACE;
            return true;
        case Qt::Key_Escape:
            out = VTERM_KEY_ESCAPE;
            return true;
        case Qt::Key_Up:
            out = VTERM_KEY_UP;
            return true;
        case Qt::Key_Down:
            out = VTERM_KEY_DOWN;
            return true;
        case Qt::Key_Left:
            out = VTERM_KEY_LEFT;
            return true;
        case Qt::Key_Right:
            out = VTERM_KEY_RIGHT;
            return true;
        case Qt::Key_Insert:
            out = VTERM_KEY_INS;
            return true;
        case Qt::Key_Delete:
            out = VTERM_KEY_DEL;
            return true;
        case Qt::Key_Home:
            out = VTERM_KEY_HOME;
            return true;
        case Qt::Key_End:
            out = VTERM_KEY_END;
            return true;
        case Qt::Key_PageUp:
            out = VTERM_KEY_PAGEUP;
            return true;
        case Qt::Key_PageDown:
            out = VTERM_KEY_PAGEDOWN;
            return true;
        default:
            break;
    }
    if (key >= Qt::Key_F1 && key <= Qt::Key_F12) {
        out = VTermKey(VTERM_KEY_FUNCTION(1 + key - Qt::Key_F1));
        return true;
    }
    return false;
}

}  // namespace

TerminalWidget::TerminalWidget(QWidget* parent)
    : QAbstractScrollArea(parent), vt_(vterm_new(24, 80)), screen_(vterm_obtain_screen(vt_)) {
    static const VTermScreenCallbacks callbacks = {
        .damage = &TerminalWidget::onDamage,
        .moverect = nullptr,
        .movecursor = &TerminalWidget::onMoveCursor,
        .settermprop = nullptr,
        .bell = nullptr,
        .resize = nullptr,
        .sb_pushline = &TerminalWidget::onPushLine,
        .sb_popline = &TerminalWidget::onPopLine,
    };
    vterm_set_utf8(vt_, 1);
    vterm_output_set_callback(vt_, &TerminalWidget::onOutput, this);
    vterm_screen_set_callbacks(screen_, &callbacks, this);
    vterm_screen_enable_altscreen(screen_, 1);
    vterm_screen_set_damage_merge(screen_, VTERM_DAMAGE_SCROLL);
    vterm_screen_reset(screen_, 1);

    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAutoFillBackground(false);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        followOutput_ = v == verticalScrollBar()->maximum();
        viewport()->update();
    });
    updateGeometryFromFont();
}

TerminalWidget::~TerminalWidget() {
    vterm_free(vt_);
}

void TerminalWidget::feed(const QByteArray& bytes) {
    vterm_input_write(vt_, bytes.constData(), std::size_t(bytes.size()));
    vterm_screen_flush_damage(screen_);
}

void TerminalWidget::reset() {
    scrollback_.clear();
    vterm_screen_reset(screen_, 1);
    updateScrollBar();
    viewport()->update();
}

TerminalWidget::Cell TerminalWidget::toCell(const VTermScreenCell& c) const {
    Cell out;
    out.width = std::max(1, int(c.width));
    out.continuation = c.chars[0] == uint32_t(-1);
    for (int i = 0; !out.continuation && i < VTERM_MAX_CHARS_PER_CELL && c.chars[i]; ++i) {
        const char32_t ch = c.chars[i];
        out.text += QString::fromUcs4(&ch, 1);
    }
    VTermColor fg = c.fg, bg = c.bg;
    out.fg = VTERM_COLOR_IS_DEFAULT_FG(&fg) ? kForeground : QColor();
    out.bg = VTERM_COLOR_IS_DEFAULT_BG(&bg) ? kBackground : QColor();
    if (!out.fg.isValid()) {
        vterm_screen_convert_color_to_rgb(screen_, &fg);
        out.fg = QColor(fg.rgb.red, fg.rgb.green, fg.rgb.blue);
    }
    if (!out.bg.isValid()) {
        vterm_screen_convert_color_to_rgb(screen_, &bg);
        out.bg = QColor(bg.rgb.red, bg.rgb.green, bg.rgb.blue);
    }
    if (c.attrs.reverse) std::swap(out.fg, out.bg);
    out.bold = c.attrs.bold;
    out.underline = c.attrs.underline != 0;
    out.italic = c.attrs.italic;
    return out;
}

TerminalWidget::Cell TerminalWidget::cellAt(int row, int column) const {
    if (row < 0) {
        const Line& line = scrollback_[scrollback_.size() + row];
        return column < line.size() ? line[column] : Cell{QString(), kForeground, kBackground};
    }
    VTermScreenCell c;
    if (!vterm_screen_get_cell(screen_, VTermPos{row, column}, &c))
        return Cell{QString(), kForeground, kBackground};
    return toCell(c);
}

QString TerminalWidget::lineText(int row) const {
    QString s;
    for (int c = 0; c < cols_; ++c) {
        const Cell cell = cellAt(row, c);
        if (!cell.continuation) s += cell.text.isEmpty() ? QStringLiteral(" ") : cell.text;
    }
    while (s.endsWith(QLatin1Char(' '))) s.chop(1);
    return s;
}

QColor TerminalWidget::foregroundAt(int row, int column) const {
    return cellAt(row, column).fg;
}

int TerminalWidget::onDamage(VTermRect, void* self) {
    static_cast<TerminalWidget*>(self)->viewport()->update();
    return 1;
}

int TerminalWidget::onMoveCursor(VTermPos pos, VTermPos, int visible, void* self) {
    auto* t = static_cast<TerminalWidget*>(self);
    t->cursorRow_ = pos.row;
    t->cursorCol_ = pos.col;
    t->cursorVisible_ = visible;
    t->viewport()->update();
    return 1;
}

int TerminalWidget::onPushLine(int cols, const VTermScreenCell* cells, void* self) {
    auto* t = static_cast<TerminalWidget*>(self);
    Line line;
    line.reserve(cols);
    for (int i = 0; i < cols; ++i) line.push_back(t->toCell(cells[i]));
    t->scrollback_.push_back(std::move(line));
    if (t->scrollback_.size() > kScrollbackLimit) t->scrollback_.removeFirst();
    t->updateScrollBar();
    return 1;
}

int TerminalWidget::onPopLine(int cols, VTermScreenCell* cells, void* self) {
    // Growing the window pulls lines back from the scrollback; their colours are not restored.
    auto* t = static_cast<TerminalWidget*>(self);
    if (t->scrollback_.isEmpty()) return 0;
    const Line line = t->scrollback_.takeLast();
    for (int i = 0; i < cols; ++i) {
        VTermScreenCell& c = cells[i];
        c = VTermScreenCell{};
        c.width = 1;
        vterm_color_rgb(&c.fg, quint8(kForeground.red()), quint8(kForeground.green()),
                        quint8(kForeground.blue()));
        vterm_color_rgb(&c.bg, quint8(kBackground.red()), quint8(kBackground.green()),
                        quint8(kBackground.blue()));
        if (i < line.size() && !line[i].text.isEmpty()) c.chars[0] = line[i].text.toUcs4().value(0);
    }
    t->updateScrollBar();
    return 1;
}

void TerminalWidget::onOutput(const char* bytes, size_t len, void* self) {
    emit static_cast<TerminalWidget*>(self)->sendBytes(QByteArray(bytes, qsizetype(len)));
}

void TerminalWidget::updateGeometryFromFont() {
    const QFontMetrics fm(font());
    cell_ = QSize(std::max(1, fm.horizontalAdvance(QLatin1Char('M'))), std::max(1, fm.height()));
    const QSize area = viewport()->size();
    const int rows = std::max(2, area.height() / cell_.height());
    const int cols = std::max(10, area.width() / cell_.width());
    if (rows == rows_ && cols == cols_) return;
    rows_ = rows;
    cols_ = cols;
    vterm_set_size(vt_, rows_, cols_);
    vterm_screen_flush_damage(screen_);
    updateScrollBar();
    emit sizeChanged(rows_, cols_);
}

void TerminalWidget::updateScrollBar() {
    QScrollBar* bar = verticalScrollBar();
    const bool follow = followOutput_;
    bar->setRange(0, int(scrollback_.size()));
    bar->setPageStep(rows_);
    if (follow) bar->setValue(bar->maximum());
}

void TerminalWidget::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateGeometryFromFont();
}

void TerminalWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) updateGeometryFromFont();
    QAbstractScrollArea::changeEvent(event);
}

void TerminalWidget::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), kBackground);
    const int firstRow = verticalScrollBar()->value() - int(scrollback_.size());  // <= 0
    QFont base = font();
    for (int y = 0; y < rows_; ++y) {
        const int row = firstRow + y;
        for (int x = 0; x < cols_; ++x) {
            const Cell c = cellAt(row, x);
            if (c.continuation) continue;
            const QRect r(x * cell_.width(), y * cell_.height(), cell_.width() * c.width, cell_.height());
            if (c.bg != kBackground) p.fillRect(r, c.bg);
            if (c.text.isEmpty() || c.text == QLatin1String(" ")) continue;
            QFont f = base;
            f.setBold(c.bold);
            f.setItalic(c.italic);
            f.setUnderline(c.underline);
            p.setFont(f);
            p.setPen(c.fg);
            p.drawText(r, (c.width > 1 ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignVCenter, c.text);
        }
    }
    const int cursorY = cursorRow_ - firstRow;
    if (cursorVisible_ && cursorY >= 0 && cursorY < rows_) {
        const QRect r(cursorCol_ * cell_.width(), cursorY * cell_.height(), cell_.width(), cell_.height());
        if (hasFocus())
            p.fillRect(r, QColor(230, 230, 230, 160));
        else
            p.setPen(kForeground), p.drawRect(r.adjusted(0, 0, -1, -1));
    }
}

void TerminalWidget::keyPressEvent(QKeyEvent* event) {
    const auto mods = event->modifiers();
    if (mods == (Qt::ControlModifier | Qt::ShiftModifier) && event->key() == Qt::Key_V) {
        paste();
        return;
    }
    if (mods == Qt::ShiftModifier && (event->key() == Qt::Key_PageUp || event->key() == Qt::Key_PageDown)) {
        QScrollBar* bar = verticalScrollBar();
        bar->setValue(bar->value() + (event->key() == Qt::Key_PageUp ? -rows_ : rows_));
        return;
    }
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());  // typing returns to the live screen
    VTermKey key;
    if (specialKey(event->key(), key)) {
        vterm_keyboard_key(vt_, key, modifiers(mods & ~Qt::KeypadModifier));
    } else if (mods & Qt::ControlModifier && event->key() >= Qt::Key_A && event->key() <= Qt::Key_Z) {
        vterm_keyboard_unichar(vt_, uint32_t('a' + event->key() - Qt::Key_A),
                               modifiers(mods & ~Qt::ShiftModifier));
    } else if (!event->text().isEmpty()) {
        for (char32_t ch : event->text().toUcs4())
            vterm_keyboard_unichar(vt_, ch, modifiers(mods & Qt::AltModifier));
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void TerminalWidget::inputMethodEvent(QInputMethodEvent* event) {
    // Committed text from an input method (Korean, for one) is typed like keys.
    for (char32_t ch : event->commitString().toUcs4()) vterm_keyboard_unichar(vt_, ch, VTERM_MOD_NONE);
    event->accept();
}

bool TerminalWidget::focusNextPrevChild(bool) {
    return false;
}  // Tab belongs to the shell

void TerminalWidget::paste() {
    const QString text = QApplication::clipboard()->text();
    if (text.isEmpty()) return;
    vterm_keyboard_start_paste(vt_);
    for (char32_t ch : text.toUcs4()) vterm_keyboard_unichar(vt_, ch == '\n' ? U'\r' : ch, VTERM_MOD_NONE);
    vterm_keyboard_end_paste(vt_);
}

}  // namespace juxta::ui
