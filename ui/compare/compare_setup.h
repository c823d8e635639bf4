#pragma once
// What to compare: the workload (from the workloads' catalogue), the variants, repeats, the VM's
// memory and vCPUs and the container's limits. The VM variant carries the reason it cannot run on
// this host (e.g. PVM) beside it and starts unticked there; ticked anyway, the result says so.
// The last entry of the workload list is the density sweep: N idle containers or VMs. The "compose"
// scenario takes the user's compose file (its services read at once, or what is wrong with it), the
// ways to run it — containers, VMs, as written (mixed) — and the load: which service, for how long, on
// how many connections, and which service exhausts its memory meanwhile.
#include <QWidget>

#include "bridge/compare_runner.h"
#include "bridge/types.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace juxta::ui {

class CompareSetup : public QWidget {
    Q_OBJECT
  public:
    explicit CompareSetup(QWidget* parent = nullptr);

    CompareRequest request() const;
    void setHostCapabilities(const HostCapabilities& caps);
    // Empty when the request can run; else what to change.
    QString problem() const;

    QComboBox* workload() const { return workload_; }
    QCheckBox* variant(const QString& name) const;
    QSpinBox* repeats() const { return repeats_; }
    QComboBox* densityKind() const { return densityKind_; }
    QSpinBox* densityMax() const { return densityMax_; }
    bool densitySweep() const;
    QLabel* vmReason() const { return vmReason_; }
    // Selects the compose scenario with this file (e.g. the selected project's).
    void setComposeFile(const QString& file);
    QLineEdit* composeFile() const { return composeFile_; }
    QLabel* composeSummary() const { return composeSummary_; }
    QComboBox* loadService() const { return loadService_; }
    QComboBox* hog() const { return hog_; }
    QSpinBox* loadSeconds() const { return loadSeconds_; }
    bool composeScenario() const;

  signals:
    void changed();

  private:
    QComboBox* workload_;
    QLabel* summary_;
    QCheckBox* host_;
    QCheckBox* container_;
    QCheckBox* vm_;
    QLabel* vmReason_;
    QSpinBox* repeats_;
    QSpinBox* vmMemory_;
    QSpinBox* vmVcpus_;
    QLineEdit* containerMemory_;
    QLineEdit* containerCpus_;
    QComboBox* densityKind_;
    QSpinBox* densityMax_;
    QCheckBox* written_;
    QWidget* composeRow_;
    QLineEdit* composeFile_;
    QLabel* composeSummary_;
    QComboBox* loadService_;
    QComboBox* hog_;
    QSpinBox* loadSeconds_;
    QSpinBox* connections_;
    bool composeReadable_ = false;
    bool hostWanted_ = true;  // the host baseline's box as the user left it before a scenario unticked it
    void readComposeFile();
};

}  // namespace juxta::ui
