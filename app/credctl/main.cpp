#include "cli/Credctl.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("credctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CM_VERSION));
    return cm::Credctl().run(QCoreApplication::arguments());
}
