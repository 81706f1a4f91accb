#!/usr/bin/env bash
# The first guide for the seed's pharmacy, then the publication of its mailbox to the
# national directory (Annuaire Santé) over FHIR, against a local FHIR test server that
# stands in for the ANS's API (balorg.testing.fhir_server: loopback only, in memory).
# Needs `balorg` on PATH with the cli and fhir extras (pip install -e '.[cli,fhir]').
# Works in the current folder: a fresh ./balorg.db (an existing one is kept as
# balorg.db.bak), ./sessions/, and ./annuaire.toml, the operator's settings with a
# [directory] table pointing at the local server. Nothing leaves the machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v balorg > /dev/null; then
  echo "balorg n'est pas sur le PATH (pip install -e '.[cli,fhir]')" >&2; exit 1
fi
python=${PYTHON:-python3}
if [ -x "$(dirname "$(command -v balorg)")/python" ]; then
  python="$(dirname "$(command -v balorg)")/python"  # the interpreter balorg runs on
fi
if ! "$python" -c 'import httpx' 2> /dev/null; then
  echo "la publication FHIR demande l'extra fhir (pip install -e '.[cli,fhir]')" >&2; exit 1
fi
db=balorg.db
if [ -e "$db" ]; then mv -f "$db" "$db.bak"; fi
rm -f "$db-wal" "$db-shm"
rm -rf sessions && mkdir -m 700 sessions
b() { balorg "$@" --db "$db" --config annuaire.toml; }
as() { who=$1; shift; b "$@" --session-file "sessions/$who"; }
step() { printf '\n== %s\n' "$*"; }

pharmacie=pharmacie.ducentre@medimail.mssante.fr
claire=claire.martin@medimail.mssante.fr
agent=agent.validation@esante-occitanie.fr
idnat=1010000024  # IdNat Struct of the pharmacy: 1 + its FINESS (examples/pharmacie.json)

# The key the operator's publisher sends (ESANTE-API-KEY) and the test server expects.
# balorg reads it from the variable the settings name; it is never written to a file.
BALORG_ESANTE_API_KEY=$("$python" -c 'import secrets; print(secrets.token_hex(16))')
export BALORG_ESANTE_API_KEY

step "Le serveur FHIR de test (à la place de l'API de l'Annuaire Santé) sur 127.0.0.1"
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT
: > fhir-server.url
"$python" -m balorg.testing.fhir_server --port 0 --log \
  --organization "$idnat=PHARMACIE DU CENTRE" > fhir-server.url 2> fhir-server.log &
server_pid=$!
for _ in $(seq 1 100); do
  if [ -s fhir-server.url ]; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat fhir-server.log >&2; exit 1; fi
  sleep 0.1
done
base=$(head -n 1 fhir-server.url)
case "$base" in
  http://127.0.0.1:*/fhir) ;;
  *) echo "le serveur FHIR de test n'a pas démarré" >&2; cat fhir-server.log >&2; exit 1 ;;
esac
echo "Base FHIR : $base (Organization de la pharmacie : IdNat Struct $idnat, aucune BAL)"

# The operator's settings of the examples, with the national directory on the test server.
cat "$here/balorg.toml" - > annuaire.toml <<EOF

[directory]
fhir_base_url = "$base"
api_key_env = "BALORG_ESANTE_API_KEY"
timeout_seconds = 5
EOF

# What the test server holds for the pharmacy's Organization, read over its FHIR API
# (`directory full` prints each mailbox's ContactPoint whole), then what a public view
# shows: red-listed mailboxes are kept out of the directory's public data.
directory() {
  "$python" - "$base" "$idnat" "$pharmacie" "$@" <<'PY'
import json, os, sys, urllib.parse, urllib.request

base, idnat, address, *how = sys.argv[1:]
META = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata"


def get(path, **query):
    url = f"{base}/{path}?{urllib.parse.urlencode(query)}"
    headers = {"ESANTE-API-KEY": os.environ["BALORG_ESANTE_API_KEY"]}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
        return json.load(r)


def metadata(cp):
    meta = next((e for e in cp.get("extension", []) if e.get("url") == META), {})
    values = {}
    for sub in meta.get("extension", []):
        value = next(v for k, v in sub.items() if k.startswith("value"))
        if sub["url"] == "type":
            value = value["coding"][0]["code"]
        values[sub["url"]] = value
    return values


found = get("Organization", identifier=f"urn:oid:1.2.250.1.71.4.2.2|{idnat}")
for entry in found.get("entry", []):
    org = entry["resource"]
    mailboxes = [cp for cp in org.get("telecom", []) if cp.get("system") == "email"]
    print(f"Organization/{org['id']} (version {org['meta']['versionId']}),",
          f"{org.get('name', '')} : {len(mailboxes)} BAL dans telecom")
    for cp in mailboxes:
        if how == ["full"]:
            print("  " + json.dumps(cp, indent=2, ensure_ascii=False).replace("\n", "\n  "))
            continue
        m = metadata(cp)
        print(f"  {cp['value']}  type {m.get('type')}  rang {cp.get('rank', '—')}",
              f" listeRouge {str(m.get('listeRouge')).lower()}")
        for name in ("description", "service", "responsible"):
            print(f"    {name:<12} {m.get(name, '—')}")
by_address = get("Organization", **{"mailbox-mss:exact": address})
public = [
    cp
    for entry in by_address.get("entry", [])
    for cp in entry["resource"].get("telecom", [])
    if cp.get("value") == address and not metadata(cp).get("listeRouge")
]
print(f"Recherche mailbox-mss:exact={address} : {by_address.get('total', 0)} Organization")
if public:
    print(f"Vue publique : {address} publiée (sans le contact opérationnel)")
else:
    print(f"Vue publique : {address} absente (liste rouge ou non publiée)")
PY
}

step "Je vérifie l'éligibilité : identifiants du responsable et de la structure"
balorg identify 10001045367 010000024

step "L'opérateur inscrit l'agent du centre de services (console de l'opérateur)"
printf 'agent de validation occitanie\n' | b agent enrol "$agent" \
  --first-name Anne --last-name Gent --password-stdin

step "Étapes 1 à 11 : formulaire d'inscription de la pharmacie (BAL en attente)"
printf 'le mot de passe de claire\n' | as claire register "$here/pharmacie.json" \
  --address "$pharmacie" --password-stdin
as claire finish "$pharmacie"

step "Centre de services : l'agent valide le compte de Claire ; la BAL est active"
printf 'agent de validation occitanie\n' | as agent login "$agent" --password-stdin
as agent approve "$claire"
printf 'le mot de passe de claire\n' | as claire login "$claire" --password-stdin

step "Rien n'est encore publié : l'annuaire ne connaît pas la BAL"
directory

step "La fiche que l'annuaire national recevra (balorg directory show)"
as claire directory show "$pharmacie"

step "La boîte d'envoi livre la publication : PATCH conditionnel (insert à Organization.telecom)"
b directory sync
b directory failures
directory full

step "Service de rattachement, contact opérationnel et rang : des replace"
as claire mailbox entry "$pharmacie" --service "Officine" \
  --contact "Claire Martin, 05 61 00 00 01" --rank 1
b directory sync
directory

step "Liste rouge de l'annuaire national : listeRouge transmis (replace), la BAL sort de la vue publique"
as claire mailbox redlist "$pharmacie" --national on
b directory sync
b directory failures
directory

step "Les requêtes reçues par le serveur FHIR de test (méthode, chemin, statut)"
cat fhir-server.log

step "Arrêt du serveur FHIR de test"
stop_server
echo "Serveur arrêté."
