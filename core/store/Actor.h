#pragma once

#include <QString>

namespace cm {

// The operating-system user recorded as the actor of audit log rows.
QString currentActor();

} // namespace cm
