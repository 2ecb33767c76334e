# Runs at install time (cmake --install, cpack) on Windows and macOS, after both executables are
# installed: puts everything they load at run time into the install tree, so the installer works
# on a machine without Qt. Included by the script packaging/Packaging.cmake generates, which
# first includes Qt's deploy support (QT_DEPLOY_PREFIX, QT_DEPLOY_BIN_DIR,
# qt_deploy_runtime_dependencies) and sets CM_DEPLOY_PLATFORM, CM_GUI, CM_CLI, CM_RUNTIME_DIRS,
# CM_QT_TRANSLATIONS_DIR, CM_QT_TRANSLATION_LANGUAGES and CM_QTKEYCHAIN_TRANSLATIONS_DIR.
#
# Where the translations go: cm::Translations loads Qt's strings (qt_<language>.qm, else
# qtbase_<language>.qm) and QtKeychain's (qtkeychain_<language>.qm) from Qt's translations folder
# (qt.conf points it into the install tree) or from translations, ../translations or
# ../Resources/translations beside the executable. Windows: <install>/translations (bin/../);
# macOS: Contents/Resources/translations (Contents/MacOS/../Resources/).
#
# qt_generate_deploy_app_script() deploys one executable and, on macOS, leaves out the
# PostgreSQL driver (it runs macdeployqt in App Store mode); the function its script calls,
# qt_deploy_runtime_dependencies(), takes credctl as a second executable and can keep the driver.

# Copies QtKeychain's qtkeychain_<language>.qm files into `destination`. Without them
# QtKeychain's own messages stay English; a QtKeychain built with BUILD_TRANSLATIONS=OFF has
# none, so that is a warning (the CI checks the file is there).
function(cm_deploy_qtkeychain_translations destination)
    foreach(language IN LISTS CM_QT_TRANSLATION_LANGUAGES)
        set(qm "${CM_QTKEYCHAIN_TRANSLATIONS_DIR}/qtkeychain_${language}.qm")
        if(EXISTS "${qm}")
            file(COPY "${qm}" DESTINATION "${destination}")
        else()
            message(WARNING "No ${qm}: QtKeychain's messages stay English in '${language}' "
                "(build QtKeychain with -DBUILD_TRANSLATIONS=ON, or set CM_QTKEYCHAIN_TRANSLATIONS_DIR)")
        endif()
    endforeach()
endfunction()

if(CM_DEPLOY_PLATFORM STREQUAL "Windows")
    # windeployqt: the Qt DLLs into bin\, plugins\ (platforms, styles, sqldrivers with qsqlite and
    # qsqlpsql, tls, ...), translations\ (Qt's own: qt_<language>.qm, which it merges from the
    # modules' files with lconvert), and bin\qt.conf (Prefix = .., so Qt's translations folder is
    # translations\).
    set(bin "${QT_DEPLOY_PREFIX}/${QT_DEPLOY_BIN_DIR}")
    qt_deploy_runtime_dependencies(
        EXECUTABLE "${QT_DEPLOY_BIN_DIR}/${CM_GUI}"
        ADDITIONAL_EXECUTABLES "${QT_DEPLOY_BIN_DIR}/${CM_CLI}"
        GENERATE_QT_CONF)

    # windeployqt copies Qt only. The rest (libsodium.dll, qt6keychain.dll, and libpq.dll with
    # its OpenSSL and friends for the PostgreSQL driver) comes from CM_RUNTIME_DIRS; Windows' own
    # DLLs stay out. A DLL found nowhere stops the install instead of making a broken installer.
    file(GLOB_RECURSE plugins "${QT_DEPLOY_PREFIX}/${QT_DEPLOY_PLUGINS_DIR}/*.dll")
    file(GET_RUNTIME_DEPENDENCIES
        EXECUTABLES "${bin}/${CM_GUI}" "${bin}/${CM_CLI}"
        MODULES ${plugins}
        DIRECTORIES "${bin}" ${CM_RUNTIME_DIRS}
        PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-"
        POST_EXCLUDE_REGEXES "^[A-Za-z]:[/\\\\][Ww][Ii][Nn][Dd][Oo][Ww][Ss][/\\\\]"
        RESOLVED_DEPENDENCIES_VAR resolved
        UNRESOLVED_DEPENDENCIES_VAR unresolved
        CONFLICTING_DEPENDENCIES_PREFIX conflicting)
    if(unresolved)
        message(FATAL_ERROR "Not found in CM_RUNTIME_DIRS (${CM_RUNTIME_DIRS}): ${unresolved}")
    endif()
    # The same DLL in two folders: the first folder of CM_RUNTIME_DIRS wins.
    foreach(name IN LISTS conflicting_FILENAMES)
        list(GET conflicting_${name} 0 first)
        message(STATUS "${name} is in several folders; taking ${first}")
        list(APPEND resolved "${first}")
    endforeach()
    foreach(dll IN LISTS resolved)
        get_filename_component(name "${dll}" NAME)
        if(NOT EXISTS "${bin}/${name}")
            file(INSTALL "${dll}" DESTINATION "${bin}")
        endif()
    endforeach()

    # QtKeychain's strings beside Qt's, in translations\ (bin\..\translations).
    cm_deploy_qtkeychain_translations("${QT_DEPLOY_PREFIX}/translations")

elseif(CM_DEPLOY_PLATFORM STREQUAL "macOS")
    set(app "${CM_GUI}.app")
    set(contents "${QT_DEPLOY_PREFIX}/${app}/Contents")

    # Qt's PostgreSQL driver loads libpq, which nothing macdeployqt starts from links: put it into
    # the bundle first (as @rpath/libpq.5.dylib) and hand it to macdeployqt as one more binary,
    # which then copies libpq's own libraries (OpenSSL, ...) and points it at them.
    find_file(libpq NAMES libpq.5.dylib PATHS ${CM_RUNTIME_DIRS} NO_DEFAULT_PATH NO_CACHE)
    if(NOT libpq)
        message(FATAL_ERROR "libpq.5.dylib is in none of CM_RUNTIME_DIRS (${CM_RUNTIME_DIRS})")
    endif()
    file(REAL_PATH "${libpq}" libpq)
    file(MAKE_DIRECTORY "${contents}/Frameworks")
    file(COPY_FILE "${libpq}" "${contents}/Frameworks/libpq.5.dylib")
    file(CHMOD "${contents}/Frameworks/libpq.5.dylib"
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    execute_process(COMMAND install_name_tool -id @rpath/libpq.5.dylib "${contents}/Frameworks/libpq.5.dylib"
        COMMAND_ERROR_IS_FATAL ANY)

    # macdeployqt: the Qt frameworks and every other non-system library (libsodium, QtKeychain)
    # into Contents/Frameworks, the plugins into Contents/PlugIns, Contents/Resources/qt.conf.
    # NO_APP_STORE_COMPLIANCE keeps the PostgreSQL driver, which App Store mode leaves out.
    qt_deploy_runtime_dependencies(
        EXECUTABLE "${app}"
        ADDITIONAL_EXECUTABLES "${app}/Contents/MacOS/${CM_CLI}"
        ADDITIONAL_LIBRARIES "${app}/Contents/Frameworks/libpq.5.dylib"
        NO_APP_STORE_COMPLIANCE)

    # Qt's driver may name libpq by the absolute path of the machine Qt was built on.
    set(psql "${contents}/PlugIns/sqldrivers/libqsqlpsql.dylib")
    if(NOT EXISTS "${psql}")
        message(FATAL_ERROR "macdeployqt did not deploy the PostgreSQL driver (${psql})")
    endif()
    execute_process(COMMAND otool -L "${psql}" OUTPUT_VARIABLE psql_libraries COMMAND_ERROR_IS_FATAL ANY)
    string(REGEX MATCHALL "[^\t\n ]*libpq[.0-9]*\\.dylib" psql_libpq "${psql_libraries}")
    foreach(reference IN LISTS psql_libpq)
        if(NOT reference MATCHES "^@")
            execute_process(COMMAND install_name_tool -change "${reference}" @rpath/libpq.5.dylib "${psql}"
                COMMAND_ERROR_IS_FATAL ANY)
        endif()
    endforeach()

    # The executables kept their link paths as RPATHs for macdeployqt; now they look in the bundle
    # only, so a Mac with the same folders cannot lend them a library.
    foreach(executable IN ITEMS "${contents}/MacOS/${CM_GUI}" "${contents}/MacOS/${CM_CLI}")
        execute_process(COMMAND otool -l "${executable}" OUTPUT_VARIABLE load_commands COMMAND_ERROR_IS_FATAL ANY)
        string(REGEX MATCHALL "\n *path [^\n]+ \\(offset [0-9]+\\)" rpath_entries "${load_commands}")
        set(has_frameworks_rpath FALSE)
        foreach(entry IN LISTS rpath_entries)
            string(REGEX REPLACE "^\n *path (.+) \\(offset [0-9]+\\)$" "\\1" rpath "${entry}")
            if(rpath STREQUAL "@executable_path/../Frameworks")
                set(has_frameworks_rpath TRUE)
            elseif(NOT rpath MATCHES "^@")
                execute_process(COMMAND install_name_tool -delete_rpath "${rpath}" "${executable}"
                    COMMAND_ERROR_IS_FATAL ANY)
            endif()
        endforeach()
        if(NOT has_frameworks_rpath)
            execute_process(COMMAND install_name_tool -add_rpath @executable_path/../Frameworks "${executable}"
                COMMAND_ERROR_IS_FATAL ANY)
        endif()
    endforeach()

    # macdeployqt copies no translations: Qt's own for the application's languages go to
    # Contents/Resources/translations, and qt.conf says so. qtbase_<language>.qm holds every
    # string of the modules used here (Core, Gui, Widgets, Sql, Network). Qt's qt_<language>.qm is
    # only a list of other files (qtbase and qtmultimedia in Qt 6.4) and does not load unless all
    # of them are there, so it stays out. QtKeychain's own strings go beside them.
    set(translations "${contents}/Resources/translations")
    file(MAKE_DIRECTORY "${translations}")
    foreach(language IN LISTS CM_QT_TRANSLATION_LANGUAGES)
        set(qm "${CM_QT_TRANSLATIONS_DIR}/qtbase_${language}.qm")
        if(NOT EXISTS "${qm}")
            message(FATAL_ERROR "No Qt translations for '${language}' (${qm})")
        endif()
        file(COPY "${qm}" DESTINATION "${translations}")
    endforeach()
    cm_deploy_qtkeychain_translations("${translations}")
    file(READ "${contents}/Resources/qt.conf" qt_conf)
    if(NOT qt_conf MATCHES "\n$")
        string(APPEND qt_conf "\n")
    endif()
    string(APPEND qt_conf "Translations = Resources/translations\n")
    file(WRITE "${contents}/Resources/qt.conf" "${qt_conf}")

    # Changed binaries lose their signature, and Apple silicon runs no unsigned code: sign the
    # whole bundle ad hoc. (A Developer ID signature and notarization are a release step.)
    execute_process(COMMAND codesign --force --deep --sign - "${QT_DEPLOY_PREFIX}/${app}"
        COMMAND_ERROR_IS_FATAL ANY)
endif()
