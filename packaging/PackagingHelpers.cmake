# Helpers for the install rules of app/*/CMakeLists.txt and packaging/Packaging.cmake.
include_guard(GLOBAL)

# cm_install_gzipped(FILE source DESTINATION dir): installs source as source.gz, compressed at
# build time the way Debian wants it (gzip -9n: the best compression, no name or time stamp in
# the header, so the file is the same on every build). For man pages and the Debian changelog.
function(cm_install_gzipped)
    cmake_parse_arguments(PARSE_ARGV 0 ARG "" "FILE;DESTINATION" "")
    find_program(CM_GZIP_EXECUTABLE gzip REQUIRED)
    get_filename_component(name "${ARG_FILE}" NAME)
    set(plain "${CMAKE_CURRENT_BINARY_DIR}/gzipped/${name}")
    add_custom_command(OUTPUT "${plain}.gz"
        COMMAND ${CMAKE_COMMAND} -E copy "${ARG_FILE}" "${plain}"
        COMMAND ${CM_GZIP_EXECUTABLE} -9 -n -f "${plain}"
        DEPENDS "${ARG_FILE}"
        COMMENT "Compressing ${name}"
        VERBATIM)
    string(MAKE_C_IDENTIFIER "cm_gzip_${name}" target)
    add_custom_target(${target} ALL DEPENDS "${plain}.gz")
    install(FILES "${plain}.gz" DESTINATION "${ARG_DESTINATION}")
endfunction()

# cm_add_windows_version_resource(target DESCRIPTION text [ICON file.ico]): gives a Windows
# executable its version information (Properties > Details) and, with ICON, its icon.
function(cm_add_windows_version_resource target)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "DESCRIPTION;ICON" "")
    set(CM_RC_DESCRIPTION "${ARG_DESCRIPTION}")
    set(CM_RC_FILE_NAME "${target}${CMAKE_EXECUTABLE_SUFFIX}")
    set(CM_RC_INTERNAL_NAME "${target}")
    set(CM_RC_ICON "")
    if(ARG_ICON)
        # rc.exe takes forward slashes, which need no escaping.
        set(CM_RC_ICON "IDI_ICON1 ICON \"${ARG_ICON}\"")
    endif()
    configure_file("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/windows/VersionInfo.rc.in"
        "${CMAKE_CURRENT_BINARY_DIR}/${target}.rc" @ONLY)
    target_sources(${target} PRIVATE "${CMAKE_CURRENT_BINARY_DIR}/${target}.rc")
endfunction()
