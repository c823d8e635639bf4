#pragma once
// Preferences: language, theme, sampling interval.
#include <QDialog>

#include "settings.h"

class QComboBox;
class QDoubleSpinBox;

namespace juxta::ui {

class PreferencesDialog : public QDialog {
    Q_OBJECT
  public:
    explicit PreferencesDialog(const Settings& current, QWidget* parent = nullptr);
    Settings settings() const;

  private:
    Settings base_;
    QComboBox* language_;
    QComboBox* theme_;
    QDoubleSpinBox* interval_;
};

}  // namespace juxta::ui
