# Who the installers say this is: one place for the names, the application ID, the homepage and
# the maintainer. Read by app/*/CMakeLists.txt (Windows version resource, macOS bundle, Linux
# desktop files) and by packaging/Packaging.cmake (CPack). The version is PROJECT_VERSION.

# The package name on Debian, Fedora and in the installers' file names.
set(CM_PACKAGE_NAME "ai-credential-manager")
# The product's name (installer titles, install folder, DMG volume) and the window's title.
set(CM_PRODUCT_NAME "AI Credential Manager")
set(CM_APP_DISPLAY_NAME "Credential Management")
# The macOS application bundle is named after the window, as Finder and the Dock show it:
# "Credential Management.app", with the executable "Contents/MacOS/Credential Management" and
# credctl beside it.
set(CM_MACOS_BUNDLE_NAME "${CM_APP_DISPLAY_NAME}")
# Reverse-DNS ID: desktop file, AppStream metadata, icon names, macOS bundle identifier.
set(CM_APP_ID "io.github.aicredentialmanager.CredentialManager")
set(CM_HOMEPAGE "https://github.com/aicredentialmanager/credential-manager")
set(CM_MAINTAINER "AI Credential Manager maintainers <maintainers@aicredentialmanager.github.io>")
set(CM_VENDOR "AI Credential Manager maintainers")
set(CM_LICENSE "Apache-2.0")
set(CM_COPYRIGHT "Copyright 2026 AI Credential Manager contributors, Apache License 2.0")

# One line, no article, no full stop (Debian's synopsis rules), then the long description.
set(CM_SUMMARY "encrypted store for the API credentials of AI providers")
set(CM_DESCRIPTION
"AI Credential Manager keeps the API credentials of external AI providers
(Azure OpenAI, Azure OpenAI Embeddings, Mistral AI, IONOS and any
OpenAI-compatible service) in one encrypted store, in SQLite or in a shared
PostgreSQL database, for the platform services that use them.

Every value is encrypted with libsodium (XChaCha20-Poly1305) under a master
key from CREDENTIAL_ENCRYPTION_KEY or the desktop's keychain.

The package contains the desktop application Credential Management, which
lists, adds, edits, tests and deletes credentials, and the command-line tool
credctl for scripts.")
