#pragma once
// The headers most of the engine's files parse, compiled once for every engine library
// (engine/CMakeLists.txt, GCC only): the standard library's and nlohmann/json. No system or
// POSIX header (a file's own feature macros must still decide those), nothing of Qt, nothing of
// Juxta's. Each file still includes what it uses; the sanitizer build (clang, no precompiled
// header) checks that.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
