"""Fill the Welsh catalogue's simple entries from the glossary below (run by hand, then compilemessages).

Only single-line entries still untranslated are filled; anything else is left for a translator.
"""

import re
import sys
from pathlib import Path

CY = {
    "Skip to main content": "Neidio i’r prif gynnwys",
    "Success": "Llwyddiant",
    "Important": "Pwysig",
    "There is a problem": "Mae problem wedi codi",
    "Error:": "Gwall:",
    "(optional)": "(dewisol)",
    "Sign in": "Mewngofnodi",
    "Sign out": "Allgofnodi",
    "Email address": "Cyfeiriad e-bost",
    "Password": "Cyfrinair",
    "Sign in to Engage": "Mewngofnodi i Engage",
    "Home": "Hafan",
    "Schedule": "Amserlen",
    "Stakeholders": "Rhanddeiliaid",
    "Places": "Lleoedd",
    "Calendar feeds": "Ffrydiau calendr",
    "Menu": "Dewislen",
    "Language": "Iaith",
    "Service information": "Gwybodaeth am y gwasanaeth",
    "Page not found": "Heb ddod o hyd i’r dudalen",
    "If you typed the web address, check it is correct.": "Os gwnaethoch deipio’r cyfeiriad gwe, gwiriwch ei fod yn gywir.",
    "If you pasted the web address, check you copied the entire address.": "Os gwnaethoch ludo’r cyfeiriad gwe, gwiriwch eich bod wedi copïo’r cyfeiriad cyfan.",
    "Go to the start page": "Mynd i’r dudalen gychwyn",
    "You do not have permission to do that": "Nid oes gennych ganiatâd i wneud hynny",
    "You cannot do that": "Ni allwch wneud hynny",
    "Engage is not a way to report a crime: in an emergency call 999, otherwise call 101.": "Nid yw Engage yn ffordd o roi gwybod am drosedd: mewn argyfwng ffoniwch 999, fel arall ffoniwch 101.",
    "Engage is open-source software for the offices of Police and Crime Commissioners.": "Meddalwedd cod agored ar gyfer swyddfeydd Comisiynwyr yr Heddlu a Throseddu yw Engage.",
    "Commissioner": "Comisiynydd",
    "Deputy Commissioner": "Dirprwy Gomisiynydd",
    "Chief Executive": "Prif Weithredwr",
    "Officer": "Swyddog",
    "Analyst": "Dadansoddwr",
    "Community Safety Ambassador": "Llysgennad Diogelwch Cymunedol",
    "Administrator": "Gweinyddwr",
    "Hello, %(name)s": "Helo, %(name)s",
    "Your meetings this week": "Eich cyfarfodydd yr wythnos hon",
    "Your open actions": "Eich camau gweithredu agored",
    "You have no open actions.": "Nid oes gennych gamau gweithredu agored.",
    "Commitments needing attention": "Ymrwymiadau sydd angen sylw",
    "Record who attended": "Cofnodi pwy oedd yn bresennol",
    "See the calendar": "Gweld y calendr",
    "Put your meetings in your own calendar": "Rhoi eich cyfarfodydd yn eich calendr eich hun",
    "Partner-meeting schedule": "Amserlen cyfarfodydd partneriaid",
    "Meeting series": "Cyfresi cyfarfodydd",
    "Calendar": "Calendr",
    "List of meetings": "Rhestr o gyfarfodydd",
    "Actions": "Camau gweithredu",
    "Action": "Cam gweithredu",
    "Import a schedule": "Mewnforio amserlen",
    "Filter": "Hidlo",
    "Category": "Categori",
    "All categories": "Pob categori",
    "Meeting": "Cyfarfod",
    "Meetings": "Cyfarfodydd",
    "Frequency": "Amlder",
    "Next meeting": "Cyfarfod nesaf",
    "Date": "Dyddiad",
    "Status": "Statws",
    "Owner": "Perchennog",
    "Due": "Yn ddyledus",
    "Save": "Cadw",
    "Back": "Yn ôl",
    "Change": "Newid",
    "History": "Hanes",
    "Created": "Crëwyd",
    "Changed": "Newidiwyd",
    "Deleted": "Dilëwyd",
    "by": "gan",
    "Yes": "Ie",
    "No": "Na",
    "Location": "Lleoliad",
    "Notes": "Nodiadau",
    "Kept": "Wedi’i gadw",
    "Missed": "Wedi’i fethu",
    "Scheduled": "Wedi’i drefnu",
    "Cancelled": "Wedi’i ganslo",
    "Recorded": "Wedi’i gofnodi",
    "Not recorded": "Heb ei gofnodi",
    "Provisional": "Dros dro",
    "Overdue": "Yn hwyr",
    "Open": "Ar agor",
    "Done": "Wedi’i wneud",
    "Dropped": "Wedi’i ollwng",
    "Previous month": "Mis blaenorol",
    "Next month": "Mis nesaf",
    "Previous": "Blaenorol",
    "Next": "Nesaf",
    "Public accountability": "Atebolrwydd cyhoeddus",
    "Councils and MPs": "Cynghorau ac Aelodau Seneddol",
    "Stakeholder groups": "Grwpiau rhanddeiliaid",
    "Voluntary organisations": "Sefydliadau gwirfoddol",
    "Criminal justice and statutory agencies": "Cyfiawnder troseddol ac asiantaethau statudol",
    "Other": "Arall",
    "Weekly": "Wythnosol",
    "Fortnightly": "Bob pythefnos",
    "Monthly": "Misol",
    "Bi-monthly": "Bob deufis",
    "Quarterly": "Chwarterol",
    "Twice a year": "Dwywaith y flwyddyn",
    "Annual": "Blynyddol",
    "As required": "Yn ôl yr angen",
    "To be agreed": "I’w gytuno",
    "No regular meeting": "Dim cyfarfod rheolaidd",
    "Councils": "Cynghorau",
    "MPs": "Aelodau Seneddol",
    "Parish councils": "Cynghorau plwyf",
    "Media": "Cyfryngau",
    "Faith groups": "Grwpiau ffydd",
    "Youth bodies": "Cyrff ieuenctid",
    "Businesses": "Busnesau",
    "Community groups": "Grwpiau cymunedol",
    "Police force area": "Ardal heddlu",
    "Local authority district": "Ardal awdurdod lleol",
    "Community forum area": "Ardal fforwm cymunedol",
    "Ward": "Ward",
    "Country": "Gwlad",
    "Age band": "Band oedran",
    "Sex": "Rhyw",
    "Ethnic group": "Grŵp ethnig",
    "Your form has expired": "Mae eich ffurflen wedi dod i ben",
    "Something was wrong with that request": "Roedd rhywbeth o’i le gyda’r cais hwnnw",
    "No office": "Dim swyddfa",
    "Attended": "Yn bresennol",
    "Apologies": "Ymddiheuriadau",
    "Notes or minutes": "Nodiadau neu gofnodion",
    "Save attendance": "Cadw presenoldeb",
    "Record attendance and notes": "Cofnodi presenoldeb a nodiadau",
    "Move": "Symud",
    "Cancel": "Canslo",
    "Reinstate": "Adfer",
    "Add an action": "Ychwanegu cam gweithredu",
    "Attendance commitments": "Ymrwymiadau presenoldeb",
    "Coming up": "I ddod",
    "Recent meetings": "Cyfarfodydd diweddar",
    "Upcoming meetings": "Cyfarfodydd i ddod",
    "Past meetings": "Cyfarfodydd blaenorol",
    "Search": "Chwilio",
    "Import": "Mewnforio",
}


def main(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    filled = 0

    def fill(match: re.Match[str]) -> str:
        nonlocal filled
        msgid = match.group(2)
        key = (
            msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            if "\\" in msgid
            else msgid
        )
        if key in CY:
            filled += 1
            return f'{match.group(1)}msgid "{msgid}"\nmsgstr "{CY[key]}"\n'
        return match.group(0)

    text = re.sub(r'(^|\n)msgid "(.+)"\nmsgstr ""\n(?!")', fill, text)
    path.write_text(text, encoding="utf-8")
    print(f"filled {filled} entries")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
