#pragma once

#include <QIcon>

namespace cm::ui {

// The application's icon (resources/icons), in the sizes that are embedded.
QIcon applicationIcon();

} // namespace cm::ui
