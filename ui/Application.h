#pragma once

#include <QApplication>

#include <functional>

namespace cm::ui {

class MainWindow;

// What the desktop application does once its QApplication exists: names, icon, language,
// the command line, then the main window on the chosen store until it closes. main() is this
// and nothing else; the start-up benchmark runs the same code, watching the window with
// `beforeShow`. Returns the exit code.
int runApplication(QApplication& app, const std::function<void(MainWindow&)>& beforeShow = {});

} // namespace cm::ui
