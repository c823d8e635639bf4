#pragma once
// The saved comparisons (<dataDir>/comparisons, compare/result.h) read for the GUI in a thread of
// their own: listing them reads every result.json, and one comparison with its recorded series is
// megabytes. The UI thread gets what was read, as queued signals; a request made while an earlier
// one is being read waits its turn (they are answered in order).
#include <QObject>
#include <QString>
#include <QThread>
#include <vector>

#include "compare/result.h"

namespace juxta {

// What a list of saved comparisons shows of one.
struct SavedComparison {
    std::string id;
    compare::Manifest manifest;
    compare::HostDescription host;
};

class SavedComparisons : public QObject {
    Q_OBJECT
  public:
    explicit SavedComparisons(QObject* parent = nullptr);
    ~SavedComparisons() override;  // waits for a read under way

    // Reads them all, newest first: listed() follows. A half-written or foreign folder is left out.
    void list();
    // Reads one: opened() or openFailed() follows.
    void open(const QString& id);

  signals:
    void listed(const std::vector<juxta::SavedComparison>& saved);
    void opened(const juxta::compare::Comparison& comparison);
    void openFailed(const QString& id, const QString& message);

  private:
    QThread thread_;
    QObject* worker_;  // lives in thread_
};

}  // namespace juxta

Q_DECLARE_METATYPE(std::vector<juxta::SavedComparison>)
