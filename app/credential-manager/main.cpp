#include "Application.h"
#include "crypto/CoreDumps.h"

#include <QApplication>

int main(int argc, char* argv[])
{
    cm::disableCoreDumps();
    QApplication app(argc, argv);
    return cm::ui::runApplication(app);
}
