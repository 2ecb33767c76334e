#pragma once

class QLineEdit;
class QWidget;

namespace cm::ui {

// Small helpers shared by the dialogs that show or take a key.

// Takes a key's text out of a line edit and overwrites the last copy Qt kept of it (best
// effort: see cm::wipe).
void wipeLineEdit(QLineEdit* edit);

// Puts a key on the clipboard through SecretClipboard: kept out of clipboard histories and
// cleared after 30 seconds.
void copySecret(const QLineEdit* edit);

// Makes a line edit wide enough for a whole key in the fixed-width font, so the administrator
// sees what they copy; `extra` leaves room for actions inside the field.
void fitKeyText(QLineEdit* edit, int extra = 0);

// Makes room after content appears (a message, a new key): a window does not grow by itself
// for word-wrapped labels, whose height depends on the width.
void growToFit(QWidget* window);

} // namespace cm::ui
