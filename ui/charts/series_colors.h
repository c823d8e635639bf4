#pragma once
// One colour per meaning, the same in every chart, chosen to read on light and dark backgrounds.
#include <QColor>

namespace juxta::ui::colors {

inline const QColor cpu{0x3b, 0x82, 0xf6};     // blue
inline const QColor memory{0x8b, 0x5c, 0xf6};  // violet
inline const QColor cached{0x14, 0xb8, 0xa6};  // teal
inline const QColor read{0x22, 0xc5, 0x5e};    // green
inline const QColor write{0xf9, 0x73, 0x16};   // orange
inline const QColor limit{0xef, 0x44, 0x44};   // red: a limit, drawn dashed

}  // namespace juxta::ui::colors
