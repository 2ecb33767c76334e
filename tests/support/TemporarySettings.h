#pragma once

#include <QString>

namespace cm::test {

// Points the application's settings (a plain `QSettings settings;` under the organisation and
// application name "credential-manager") at an ini file in `folder`, on every platform (the
// registry and plists included), so a test never touches the developer's own settings.
// Returns why that did not work, or empty.
QString useTemporarySettings(const QString& folder);

} // namespace cm::test
