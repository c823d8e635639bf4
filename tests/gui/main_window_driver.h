#pragma once
// Drives a MainWindow as a user would in the GUI tests: toolbar actions by their text, list rows
// by instance name (a compose project's under its row), a "New …" dialog opened from its action; and the
// tests' own state dirs.
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

// A row by its name, at the top or under a compose project's row; invalid when there is none.
inline QModelIndex indexOfName(MainWindow& w, const QString& name) {
    auto* m = w.instanceModel();
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex top = m->index(r, InstanceListModel::Name);
        if (top.data().toString() == name) return top;
        for (int c = 0; c < m->rowCount(top); ++c)
            if (m->index(c, InstanceListModel::Name, top).data().toString() == name)
                return m->index(c, InstanceListModel::Name, top);
    }
    return {};
}

inline QString stateOf(MainWindow& w, const QString& name) {
    const QModelIndex i = indexOfName(w, name);
    return i.isValid() ? i.siblingAtColumn(InstanceListModel::State).data().toString() : QString();
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
