#pragma once
// One colour per compared thing, the same in every comparison chart, table swatch and report: the
// three variants have fixed colours (host grey-blue, container teal, vm orange) so a reader learns
// them once; anything else (instances overlaid by "Compare selected") takes the next colour of a
// fixed, distinguishable sequence by its position.
#include <QColor>
#include <QString>

namespace juxta::ui {

QColor variantColor(const QString& variant);
QColor variantColor(int index);

}  // namespace juxta::ui
