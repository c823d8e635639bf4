#pragma once
// Preferences: language, theme, sampling interval, and whether the host's history is kept while
// Juxta is closed (the juxta-metrics user service, host_history_service.h).
#include <QDialog>

#include "host_history_service.h"
#include "settings.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QDoubleSpinBox;

namespace juxta::ui {

class PreferencesDialog : public QDialog {
    Q_OBJECT
  public:
    PreferencesDialog(const Settings& current, const HostHistoryService::Status& hostHistory,
                      QWidget* parent = nullptr);
    Settings settings() const;
    // The service switched on (true) or off, as the dialog leaves it; unavailable: unchanged.
    bool keepsHostHistory() const;
    QCheckBox* hostHistoryBox() const { return hostHistory_; }
    QLabel* hostHistoryNote() const { return hostHistoryNote_; }

  private:
    Settings base_;
    QComboBox* language_;
    QComboBox* theme_;
    QDoubleSpinBox* interval_;
    QCheckBox* hostHistory_;
    QLabel* hostHistoryNote_;
};

}  // namespace juxta::ui
