#pragma once
// Drives a MainWindow as a user would in the GUI tests: toolbar actions by their text, list rows
// by instance name, a "New …" dialog opened from its action; and the tests' own state dirs.
#include <QAction>
#include <QToolBar>

#include "main_window.h"
#include "models/instance_list_model.h"

namespace juxta::ui::testing {

inline QAction* toolbarAction(MainWindow& w, const QString& text) {
    for (QAction* a : w.findChild<QToolBar*>("mainToolBar")->actions())
        if (a->text().remove('&') == text) return a;
    return nullptr;
}

inline int rowOf(MainWindow& w, const QString& name) {
    auto* m = w.instanceModel();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, InstanceListModel::Name).data().toString() == name) return r;
    return -1;
}

inline QString stateOf(MainWindow& w, const QString& name) {
    const int r = rowOf(w, name);
    return r < 0 ? QString() : w.instanceModel()->index(r, InstanceListModel::State).data().toString();
}

// The app as a user starts it: an engine sampling every 250 ms (its lifecycle actions start this
// build's monitors, found beside the test in bin/), and its window, shown.
struct RunningApp {
    Engine engine;
    MainWindow w;
    RunningApp() : engine({.sampleIntervalMs = 250}), w(engine, Settings{}) {
        w.show();
        engine.start();
    }
};

// The dialog the action opened, or null when it did not open.
template <class Dialog>
Dialog* openDialog(MainWindow& w, const QString& actionText) {
    toolbarAction(w, actionText)->trigger();
    auto* d = w.findChild<Dialog*>();
    return d && d->isVisible() ? d : nullptr;
}

}  // namespace juxta::ui::testing
