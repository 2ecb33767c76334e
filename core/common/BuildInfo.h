#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace cm {

// What the About dialog and bug reports need: this version, the licence, and the versions of
// the libraries that handle the secrets.
struct BuildInfo
{
    static QString version();
    static QString licence(); // an SPDX identifier
    // (name, version) of Qt (the one running; the one built against too if it differs),
    // libsodium and QtKeychain.
    static QList<QPair<QString, QString>> components();
};

} // namespace cm
