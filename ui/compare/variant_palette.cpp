#include "compare/variant_palette.h"

#include <array>

namespace juxta::ui {
namespace {

// Readable on light and dark backgrounds; the first three are the variants' own.
constexpr std::array<QRgb, 8> kSequence{0x64748b, 0x14b8a6, 0xf97316, 0x8b5cf6,
                                        0xe11d48, 0x3b82f6, 0xeab308, 0x22c55e};

}  // namespace

QColor variantColor(int index) {
    return QColor(kSequence[std::size_t(std::max(index, 0)) % kSequence.size()]);
}

QColor variantColor(const QString& variant) {
    if (variant == QLatin1String("host")) return variantColor(0);
    if (variant == QLatin1String("container")) return variantColor(1);
    if (variant == QLatin1String("vm")) return variantColor(2);
    if (variant == QLatin1String("written")) return variantColor(3);  // a compose file as written: mixed
    return variantColor(3 + int(qHash(variant) % (kSequence.size() - 3)));
}

}  // namespace juxta::ui
