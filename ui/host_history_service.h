#pragma once
// The host's history while Juxta is closed: the juxta-metrics user service that the .deb installs
// (resources/juxta-metrics.service, `juxtactl metrics record`), off until switched on — here, through
// systemd's user manager (`systemctl --user`), as Preferences does.
#include <QString>

namespace juxta::ui {

class HostHistoryService {
  public:
    static constexpr const char* kUnit = "juxta-metrics.service";

    enum class State { On, Off, Unavailable };
    struct Status {
        State state = State::Unavailable;
        QString reason;  // Unavailable: why (no systemd user session, the unit is not installed, ...)
    };
    // systemctl --user is-enabled.
    static Status query();
    // enable --now / disable --now: started or stopped too. Empty when done, else why not.
    static QString setEnabled(bool on);
};

}  // namespace juxta::ui
