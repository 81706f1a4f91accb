"""Messages of the national extractions and the imported directory: code -> (French, English).

Codes ``extraction.*`` are the readers' (a file refused as a whole, or one row);
``national_directory.*`` the import into a store and the look-ups over it. Row messages
name their column with the ``column`` parameter.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the file as a whole ------------------------------------------------------------
    "extraction.unreadable": (
        "Le fichier {file} ne peut pas être lu ({reason}).",
        "The file {file} cannot be read ({reason}).",
    ),
    "extraction.zip_members": (
        "L'archive ZIP doit contenir un seul fichier .txt ; elle en contient {count}.",
        "The ZIP archive must hold exactly one .txt file; it holds {count}.",
    ),
    "extraction.empty": (
        "Le fichier {file} est vide : il n'a pas de ligne d'en-tête.",
        "The file {file} is empty: it has no header line.",
    ),
    "extraction.header_not_utf8": (
        "L'en-tête du fichier {file} n'est pas en UTF-8 : les extractions nationales sont "
        "publiées en UTF-8.",
        "The header of {file} is not UTF-8: the national extractions are published in UTF-8.",
    ),
    "extraction.header_unknown": (
        "La première ligne de {file} n'est l'en-tête d'aucune extraction connue "
        "(MSSanté : 31 colonnes ; RPPS Personne-activité : 56 ou 52 colonnes) ; elle a "
        "{columns} colonnes.",
        "The first line of {file} is the header of no known extraction (MSSanté: 31 "
        "columns; RPPS Personne-activité: 56 or 52 columns); it has {columns} columns.",
    ),
    "extraction.header_mismatch": (
        "L'en-tête de {file} (extraction {kind}) diffère à la colonne {position} : "
        "« {expected} » attendu, « {found} » trouvé.",
        "The header of {file} ({kind} extraction) differs at column {position}: "
        "'{expected}' expected, '{found}' found.",
    ),
    "extraction.kind_mismatch": (
        "Le fichier est une extraction {found}, pas {expected}.",
        "The file is a {found} extraction, not {expected}.",
    ),
    # -- one row -------------------------------------------------------------------------
    "extraction.not_utf8": (
        "La ligne n'est pas en UTF-8 (octet {position}).",
        "The line is not UTF-8 (byte {position}).",
    ),
    "extraction.control_characters": (
        "La ligne contient des caractères de contrôle.",
        "The line contains control characters.",
    ),
    "extraction.field_count": (
        "La ligne a {actual} champs au lieu de {expected}.",
        "The line has {actual} fields instead of {expected}.",
    ),
    "extraction.missing_value": (
        "La colonne « {column} » est obligatoire sur cette ligne, et elle est vide.",
        "The column '{column}' is required on this line, and it is empty.",
    ),
    "extraction.unknown_bal_type": (
        "« {column} » : type de BAL inconnu (PER, ORG, APP ou CAB attendu).",
        "'{column}': unknown mailbox type (PER, ORG, APP or CAB expected).",
    ),
    "extraction.invalid_address": (
        "« {column} » : ce n'est pas une adresse e-mail valide.",
        "'{column}': not a valid e-mail address.",
    ),
    "extraction.unknown_person_type": (
        "« {column} » : type d'identifiant de personne inconnu (TRE_G08).",
        "'{column}': unknown type of person identifier (TRE_G08).",
    ),
    "extraction.invalid_identifier": (
        "« {column} » : identifiant {kind} invalide.",
        "'{column}': invalid {kind} identifier.",
    ),
    "extraction.idnat_mismatch": (
        "« {column} » n'est pas le type {type} suivi de l'identifiant {identifier}.",
        "'{column}' is not the type {type} followed by the identifier {identifier}.",
    ),
    "extraction.unknown_structure_type": (
        "« {column} » : type d'identifiant de structure inconnu (ni un code TRE_G07, ni un "
        "libellé connu).",
        "'{column}': unknown type of structure identifier (neither a TRE_G07 code nor a "
        "known label).",
    ),
    "extraction.structure_type_mismatch": (
        "« {column} » ne commence pas par le préfixe {prefix} que donne le type de l'identifiant.",
        "'{column}' does not start with the prefix {prefix} that the identifier's type gives.",
    ),
    "extraction.unknown_structure_prefix": (
        "« {column} » : le préfixe {prefix} n'est pas un type d'identifiant de structure "
        "(TRE_G07).",
        "'{column}': prefix {prefix} is not a type of structure identifier (TRE_G07).",
    ),
    "extraction.invalid_structure_id": (
        "« {column} » : un identifiant de structure comporte de 1 à {maximum} caractères : "
        "lettres et chiffres ASCII, tiret, point ou tiret bas.",
        "'{column}': a structure identifier has 1 to {maximum} characters: ASCII letters and "
        "digits, dash, dot or underscore.",
    ),
    "extraction.unknown_profession": (
        "« {column} » : code de profession inconnu (TRE_G15, TRE_R95, TRE_R94).",
        "'{column}': unknown profession code (TRE_G15, TRE_R95, TRE_R94).",
    ),
    "extraction.invalid_flag": (
        "« {column} » : valeur non reconnue (O/N, oui/non, true/false, 1/0 ou vide).",
        "'{column}': value not recognised (O/N, oui/non, true/false, 1/0 or empty).",
    ),
    # -- the import and the look-ups ----------------------------------------------------
    "national_directory.unchanged": (
        "Ce fichier a déjà été importé (instantané {snapshot} du {date}) : rien n'a changé.",
        "This file was already imported (snapshot {snapshot} of {date}): nothing changed.",
    ),
    "national_directory.older_file": (
        "Le fichier ({date}) est plus ancien que l'instantané qu'il remplace ({current}).",
        "The file ({date}) is older than the snapshot it replaces ({current}).",
    ),
    "national_directory.import_superseded": (
        "L'import a été abandonné : un autre import du même type a supprimé l'instantané "
        "en cours de chargement ; l'instantané en place n'a pas changé.",
        "The import was abandoned: another import of the same kind removed the snapshot "
        "being loaded; the snapshot in place has not changed.",
    ),
    "national_directory.no_snapshot": (
        "Aucune extraction {kind} n'a été importée dans cette base.",
        "No {kind} extraction has been imported into this database.",
    ),
    "national_directory.not_found": (
        "« {value} » n'est pas dans l'annuaire importé.",
        "'{value}' is not in the imported directory.",
    ),
    "national_directory.lookup_unrecognised": (
        "« {value} » n'est ni un numéro RPPS ou ADELI, ni un identifiant national de "
        "personne, ni une adresse e-mail.",
        "'{value}' is neither an RPPS or ADELI number, nor a person's national identifier, "
        "nor an e-mail address.",
    ),
    "national_directory.schema_too_new": (
        "Les tables de l'annuaire importé sont en version {found}, plus récente que celle que "
        "cette version de balorg connaît ({supported}) : mettez balorg à jour.",
        "The imported directory's tables are at version {found}, newer than this version of "
        "balorg knows ({supported}): upgrade balorg.",
    ),
    "national_directory.rejects_unwritable": (
        "Impossible d'écrire le fichier des rejets {path} ({reason}).",
        "Cannot write the rejects file {path} ({reason}).",
    ),
}
