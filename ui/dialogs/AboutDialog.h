#pragma once

#include <QDialog>

class QLabel;

namespace cm::ui {

// Help > About: the version, the licence, and the versions of Qt, libsodium and QtKeychain,
// with a button that copies them for a bug report.
//
// Object names: aboutVersion, aboutLicence, aboutComponents, copyVersionInfo.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The plain text copyVersionInfo puts on the clipboard.
    static QString versionReport();
};

} // namespace cm::ui
