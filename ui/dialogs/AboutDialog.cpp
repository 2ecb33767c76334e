#include "AboutDialog.h"

#include "common/BuildInfo.h"
#include "i18n/Translations.h"
#include "widgets/ApplicationIcon.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

namespace cm::ui {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Credential Management"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto* icon = new QLabel(this);
    icon->setPixmap(applicationIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto* title = new QLabel(tr("Credential Management"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    title->setFont(titleFont);

    auto* version = new QLabel(tr("AI Credential Manager %1").arg(BuildInfo::version()), this);
    version->setObjectName(QStringLiteral("aboutVersion"));
    version->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* description = new QLabel(tr("Keeps the API credentials of external AI providers in one store, every value "
                                      "encrypted with libsodium (XChaCha20-Poly1305)."),
                                   this);
    description->setWordWrap(true);

    auto* licence
        = new QLabel(tr("Licensed under the Apache License, Version 2.0 (%1).").arg(BuildInfo::licence()), this);
    licence->setObjectName(QStringLiteral("aboutLicence"));
    licence->setWordWrap(true);

    QStringList rows;
    for (const auto& [name, componentVersion] : BuildInfo::components())
        rows.append(tr("%1 %2").arg(name, componentVersion));
    auto* components = new QLabel(tr("Uses %1.").arg(rows.join(QLatin1String(", "))), this);
    components->setObjectName(QStringLiteral("aboutComponents"));
    components->setWordWrap(true);
    components->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("&Copy Version Information"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyVersionInfo"));
    connect(copy, &QPushButton::clicked, this, [] { QGuiApplication::clipboard()->setText(versionReport()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* texts = new QVBoxLayout;
    texts->addWidget(title);
    texts->addWidget(version);
    texts->addSpacing(8);
    texts->addWidget(description);
    texts->addWidget(licence);
    texts->addWidget(components);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addSpacing(12);
    top->addLayout(texts, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

QString AboutDialog::versionReport()
{
    // Plain and untranslated: it goes into bug reports.
    QStringList lines { QStringLiteral("AI Credential Manager %1").arg(BuildInfo::version()) };
    for (const auto& [name, componentVersion] : BuildInfo::components())
        lines.append(QStringLiteral("%1 %2").arg(name, componentVersion));
    lines.append(QStringLiteral("%1 (%2), %3, interface language %4")
                     .arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture(),
                          QGuiApplication::platformName(), Translations::current()));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace cm::ui
