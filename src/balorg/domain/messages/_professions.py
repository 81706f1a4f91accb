"""Messages of professions and registers: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "profession.unknown": (
        "Profession inconnue : « {value} ».",
        "Unknown profession: “{value}”.",
    ),
    "profession.ambiguous": (
        "« {value} » désigne plusieurs professions ({labels}) : précisez laquelle.",
        "“{value}” names several professions ({labels}): say which one.",
    ),
    "profession.not_eligible": (
        "La profession « {profession} » ne permet pas d'être responsable "
        "d'une BAL organisationnelle à la date du {on}.",
        "The profession “{profession}” may not be responsible "
        "for an organisational mailbox on {on}.",
    ),
    "register.refused": (
        "Un numéro {register} n'identifie pas la profession « {profession} » "
        "à la date du {on} : indiquez le numéro {preferred}.",
        "The {register} register does not identify the profession “{profession}” "
        "on {on}: give the {preferred} number.",
    ),
    "register.obsolete": (
        "Le répertoire {register} est obsolète pour la profession « {profession} » "
        "depuis sa bascule au {preferred}, le {since} : le numéro reste accepté, "
        "mais indiquez de préférence le numéro {preferred}.",
        "The {register} register is obsolete for the profession “{profession}” "
        "since its move to {preferred} on {since}: the number is still accepted, "
        "but give the {preferred} number instead.",
    ),
    "register.obsolete_approximate": (
        "Le répertoire {register} est obsolète pour la profession « {profession} » "
        "depuis sa bascule au {preferred} ({moved}, jour inconnu) : le numéro reste "
        "accepté, mais indiquez de préférence le numéro {preferred}.",
        "The {register} register is obsolete for the profession “{profession}” "
        "since its move to {preferred} ({moved}, day unknown): the number is still "
        "accepted, but give the {preferred} number instead.",
    ),
    "register.date_unconfirmed": (
        "La date de la bascule de la profession « {profession} » de l'ADELI au RPPS "
        "n'est pas confirmée (connue : {moved}) : le numéro {register} est accepté à la "
        "date du {on}, sous réserve.",
        "The date of the move of the profession “{profession}” from ADELI to RPPS is "
        "not confirmed (known: {moved}): the {register} number is accepted on {on}, "
        "with reservations.",
    ),
    "register.date_unconfirmed_undated": (
        "La profession « {profession} » passe de l'ADELI au RPPS à une date non "
        "confirmée : le numéro {register} est accepté à la date du {on}, sous réserve.",
        "The profession “{profession}” is moving from ADELI to RPPS on a date not "
        "confirmed: the {register} number is accepted on {on}, with reservations.",
    ),
    "register.obsolete_undated": (
        "Le répertoire {register} est obsolète pour la profession « {profession} », "
        "désormais inscrite au {preferred} : le numéro reste accepté, "
        "mais indiquez de préférence le numéro {preferred}.",
        "The {register} register is obsolete for the profession “{profession}”, "
        "now registered in {preferred}: the number is still accepted, "
        "but give the {preferred} number instead.",
    ),
    "professions.data_invalid": (
        "Le fichier de données {file} est incohérent : {reason}.",
        "The data file {file} is inconsistent: {reason}.",
    ),
}
