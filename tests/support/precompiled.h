#pragma once
// The headers most tests parse, compiled once for all of them (tests/CMakeLists.txt, GCC only):
// Qt Core's, nlohmann/json and the standard library's. Only headers that no Qt module macro
// (QT_GUI_LIB, QT_TESTCASE_BUILDDIR...) changes, so one compiled copy serves every test. Each test
// still includes what it uses; the sanitizer build (clang, no precompiled header) checks that.
#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
