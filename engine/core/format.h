#pragma once
// Numbers formatted for people, shared by the CLI and the GUI: "512 MiB", "1.4 MB/s", "3 d 4 h".
#include <cstdint>
#include <string>

namespace juxta::format {

std::string bytes(double bytes);               // binary units: 0 B, 512 B, 1.5 KiB, 2.0 MiB, 3.2 GiB
std::string bytesPerSecond(double bytesPerS);  // decimal units: 0 B/s, 12 KB/s, 3.4 MB/s
std::string percent(double value);             // 0.0 %, 12.5 %, 100 %
std::string duration(double seconds);          // 850 ms, 12 s, 5 min 3 s, 2 h 10 min, 3 d 4 h

}  // namespace juxta::format
