# The installers (cpack): DEB and RPM on Linux, NSIS on Windows, a drag-and-drop DMG on macOS.
# Also the Debian documentation files, and on Windows and macOS the deploy step that copies Qt,
# its plugins (platforms, SQL drivers), its translations and the other libraries (libsodium,
# QtKeychain, libpq) beside the executables. Included at the end of the top-level
# CMakeLists.txt, after every other install rule, so the deploy step finds the executables in
# place. docs/packaging.md explains it all.

include(${CMAKE_CURRENT_LIST_DIR}/ProductInfo.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/PackagingHelpers.cmake)
set(CM_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CM_ICONS_DIR ${PROJECT_SOURCE_DIR}/resources/icons)

if(UNIX AND NOT APPLE)
    # /usr/share/doc/ai-credential-manager: the licence (machine-readable, Debian's format) and
    # the changelog, which must start with the version being packaged.
    file(STRINGS ${CM_PACKAGING_DIR}/debian/changelog newest_entry LIMIT_COUNT 1)
    if(NOT newest_entry MATCHES "^${CM_PACKAGE_NAME} \\(${PROJECT_VERSION}\\) ")
        message(FATAL_ERROR "packaging/debian/changelog does not start with an entry for "
            "${PROJECT_VERSION}, the project's version: add one (docs/packaging.md, \"A new version\").")
    endif()
    set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/${CM_PACKAGE_NAME})
    install(FILES ${CM_PACKAGING_DIR}/debian/copyright DESTINATION ${doc_dir})
    cm_install_gzipped(FILE ${CM_PACKAGING_DIR}/debian/changelog DESTINATION ${doc_dir})
else()
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION . RENAME LICENSE.txt)
endif()

if(WIN32)
    # The MSVC runtime DLLs go beside the executables, so no separate redistributable is needed.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
    include(InstallRequiredSystemLibraries)
endif()

if(WIN32 OR APPLE)
    # Folders holding the libraries that are not Qt's: libsodium and QtKeychain (Windows: their
    # DLLs; on macOS macdeployqt finds them through the executables' link paths), and libpq
    # with its own dependencies, which Qt's PostgreSQL driver loads.
    set(CM_RUNTIME_DIRS "" CACHE STRING
        "Folders (;-separated) with the DLLs/dylibs the installer carries that are not Qt's: libsodium, QtKeychain, libpq")
    # Qt's and QtKeychain's own translations for the languages the application has (besides
    # English). QtKeychain installs its .qm files (when built with BUILD_TRANSLATIONS=ON) to
    # <its prefix>/share/qt6keychain/translations; its CMake package folder is
    # <prefix>/lib/cmake/Qt6Keychain (or lib/<multiarch>/cmake/Qt6Keychain).
    set(CM_QT_TRANSLATION_LANGUAGES de)
    get_filename_component(qtkeychain_prefix "${Qt6Keychain_DIR}/../../.." ABSOLUTE)
    set(folder "${qtkeychain_prefix}")
    foreach(level RANGE 1)
        if(EXISTS "${folder}/share/qt6keychain/translations")
            set(qtkeychain_prefix "${folder}")
            break()
        endif()
        get_filename_component(folder "${folder}" DIRECTORY)
    endforeach()
    set(CM_QTKEYCHAIN_TRANSLATIONS_DIR "${qtkeychain_prefix}/share/qt6keychain/translations" CACHE PATH
        "Folder with QtKeychain's qtkeychain_<language>.qm files, which the installer carries")
    # Forward slashes: the folders are written into a CMake script, where a backslash escapes.
    file(TO_CMAKE_PATH "${CM_RUNTIME_DIRS}" runtime_dirs)
    file(TO_CMAKE_PATH "${CM_QTKEYCHAIN_TRANSLATIONS_DIR}" qtkeychain_translations_dir)
    # With a multi-config generator (Visual Studio, Xcode, Ninja Multi-Config) QT_DEPLOY_SUPPORT
    # names one file per configuration ($<CONFIG>), so the script is one per configuration too,
    # as Qt names its own deploy scripts; install(SCRIPT) picks the one being installed.
    get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
    if(multi_config)
        set(deploy_script ${CMAKE_CURRENT_BINARY_DIR}/cm_deploy_runtime-$<CONFIG>.cmake)
    else()
        set(deploy_script ${CMAKE_CURRENT_BINARY_DIR}/cm_deploy_runtime.cmake)
    endif()
    file(GENERATE OUTPUT ${deploy_script} CONTENT "
include(\"${QT_DEPLOY_SUPPORT}\")
set(CM_DEPLOY_PLATFORM \"$<IF:$<PLATFORM_ID:Windows>,Windows,macOS>\")
set(CM_GUI \"$<TARGET_FILE_NAME:credential-manager>\")
set(CM_CLI \"$<TARGET_FILE_NAME:credctl>\")
set(CM_RUNTIME_DIRS \"${runtime_dirs}\")
set(CM_QT_TRANSLATIONS_DIR \"${QT6_INSTALL_PREFIX}/${QT6_INSTALL_TRANSLATIONS}\")
set(CM_QT_TRANSLATION_LANGUAGES \"${CM_QT_TRANSLATION_LANGUAGES}\")
set(CM_QTKEYCHAIN_TRANSLATIONS_DIR \"${qtkeychain_translations_dir}\")
include(\"${CM_PACKAGING_DIR}/DeployRuntime.cmake\")
")
    install(SCRIPT "${deploy_script}")
endif()

# CPack: what every installer shares.
set(CPACK_PACKAGE_NAME "${CM_PACKAGE_NAME}")
set(CPACK_PACKAGE_VENDOR "${CM_VENDOR}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CM_SUMMARY}")
set(CPACK_PACKAGE_DESCRIPTION "${CM_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${CM_HOMEPAGE}")
set(CPACK_PACKAGE_CONTACT "${CM_MAINTAINER}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "${CM_PRODUCT_NAME}")
set(CPACK_PACKAGE_EXECUTABLES credential-manager "${CM_APP_DISPLAY_NAME}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build/")

if(WIN32)
    set(CPACK_GENERATOR NSIS)
    set(CPACK_PACKAGE_FILE_NAME "${CM_PACKAGE_NAME}-${PROJECT_VERSION}-windows-x64")
    set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "${CM_PRODUCT_NAME}")
    set(CPACK_NSIS_PACKAGE_NAME "${CM_PRODUCT_NAME}")
    set(CPACK_NSIS_DISPLAY_NAME "${CM_PRODUCT_NAME}")
    set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
    set(CPACK_NSIS_MUI_ICON ${CM_ICONS_DIR}/credential-manager.ico)
    set(CPACK_NSIS_MUI_UNIICON ${CM_ICONS_DIR}/credential-manager.ico)
    # The icon in Apps & features: the one in the executable's resources.
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\credential-manager.exe")
    set(CPACK_NSIS_URL_INFO_ABOUT "${CM_HOMEPAGE}")
    set(CPACK_NSIS_HELP_LINK "${CM_HOMEPAGE}")
    set(CPACK_NSIS_CONTACT "${CM_MAINTAINER}")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    # Offers to put bin\ (credctl) on PATH and a desktop shortcut to the window.
    set(CPACK_NSIS_MODIFY_PATH ON)
    set(CPACK_CREATE_DESKTOP_LINKS credential-manager)
    set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    # The architecture built (the CI's runner: arm64); a universal build needs every library
    # universal too.
    set(CPACK_PACKAGE_FILE_NAME "${CM_PACKAGE_NAME}-${PROJECT_VERSION}-macos-${CMAKE_SYSTEM_PROCESSOR}")
    set(CPACK_DMG_VOLUME_NAME "${CM_PRODUCT_NAME}")
    set(CPACK_DMG_FORMAT UDZO)
    set(CPACK_PACKAGE_ICON ${CM_ICONS_DIR}/credential-manager.icns)
else()
    set(CPACK_GENERATOR DEB)
    find_program(CM_RPMBUILD_EXECUTABLE rpmbuild)
    if(CM_RPMBUILD_EXECUTABLE)
        list(APPEND CPACK_GENERATOR RPM)
    else()
        message(STATUS "rpmbuild not found: cpack makes the DEB only (Debian: apt-get install rpm)")
    endif()

    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CM_MAINTAINER}")
    set(CPACK_DEBIAN_PACKAGE_SECTION utils)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CM_HOMEPAGE}")
    # dpkg-shlibdeps turns the linked libraries into Depends (Qt 6, libsodium23, libqt6keychain1,
    # the C++ runtime; the xcb and offscreen platform plugins are in libqt6gui6). The SQL drivers
    # are plugins, loaded at run time, so they are named here: SQLite is the default store.
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
    # PostgreSQL stores, Qt's own German strings, and a Secret Service for the keychain
    # (QtKeychain loads libsecret at run time).
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
        "libqt6sql6-psql, qt6-translations-l10n, libsecret-1-0, gnome-keyring | kwalletmanager")
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
    set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

    # The RPM is built and listed here, never installed: its dependency names follow Fedora.
    set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
    set(CPACK_RPM_PACKAGE_LICENSE "${CM_LICENSE}")
    set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
    set(CPACK_RPM_PACKAGE_URL "${CM_HOMEPAGE}")
    set(CPACK_RPM_PACKAGE_SUMMARY "Encrypted store for the API credentials of AI providers")
    set(CPACK_RPM_PACKAGE_DESCRIPTION "${CM_DESCRIPTION}")
    set(CPACK_RPM_PACKAGE_RELOCATABLE OFF)
    set(CPACK_RPM_PACKAGE_AUTOREQ ON)
    # Fedora's qt6-qtbase holds the SQLite driver, qt6-qtbase-gui the platform plugins.
    set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase, qt6-qtbase-gui")
    # (No weak dependencies: CPack passes Suggests only to an rpmbuild it believes supports them,
    # and Debian's does not pass its check. docs/packaging.md lists what to add on Fedora.)
    # Folders other packages own (filesystem, hicolor-icon-theme) stay out of the file list.
    set(hicolor /usr/share/icons/hicolor)
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
        /usr/share/icons ${hicolor} ${hicolor}/scalable ${hicolor}/scalable/apps)
    foreach(size IN ITEMS 16 24 32 48 64 128 256 512)
        list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
            ${hicolor}/${size}x${size} ${hicolor}/${size}x${size}/apps)
    endforeach()
endif()

include(CPack)
