"""Danish-sounding names, places and texts for generated data. Nothing here is about a real person."""

FIRST_NAMES = (
    "Anders", "Anne", "Mette", "Søren", "Bjørn", "Åse", "Jørgen", "Kirsten", "Lars", "Hanne", "Mads", "Sofie",
    "Frederik", "Ida", "Mikkel", "Emma", "Rasmus", "Freja", "Jens", "Lærke", "Kasper", "Signe", "Niels", "Maja",
    "Thomas", "Camilla", "Morten", "Louise", "Ole", "Birgitte", "Henrik", "Lene", "Torben", "Gitte", "Asger",
    "Sørine", "Bo", "Inger", "Jesper", "Pernille", "Kåre", "Dorte", "Peder", "Vibeke", "Rune", "Tove", "Steen",
    "Karen", "Malthe", "Astrid", "Emil", "Ellen", "Viggo", "Ronja", "Palle", "Mathilde", "Tage", "Nanna", "Ulrik",
    "Sigrid", "Anker", "Bodil", "Amir", "Fatima", "Ali", "Leyla", "Omar", "Aisha", "Mehmet", "Zeynep", "Thi",
    "Minh", "Karim", "Yasmin", "Jonas", "Katrine", "Christian", "Julie", "Oliver", "Clara", "Magnus", "Agnes",
)
LAST_NAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
    "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Holm", "Lund", "Schmidt",
    "Eriksen", "Kjær", "Dahl", "Bækgaard", "Østergaard", "Damgaard", "Skovgaard", "Nørgaard", "Søndergaard",
    "Vestergaard", "Lauridsen", "Kjærgaard", "Bøgh", "Friis", "Thygesen", "Ravn", "Højer", "Bech", "Krogh",
    "Vinther", "Bærentsen", "Brøndum", "Sønderby", "Ahmed", "Hussein", "Yilmaz", "Nguyen", "Ali", "Khan",
    "Abdi", "Kaya", "Lindholm", "Fønss", "Æbelø", "Ørsted", "Åkjær", "Gråbøl", "Krøyer", "Blicher",
)
MUNICIPALITIES = (
    "København", "Frederiksberg", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens",
    "Vejle", "Roskilde", "Herning", "Hørsholm", "Helsingør", "Silkeborg", "Næstved", "Fredericia", "Viborg",
    "Køge", "Holstebro", "Taastrup", "Slagelse", "Hillerød", "Sønderborg", "Svendborg", "Hjørring", "Holbæk",
    "Frederikshavn", "Nørresundby", "Ringsted", "Haderslev", "Skive", "Ølstykke", "Nykøbing Falster",
    "Greve", "Kalundborg", "Ballerup", "Rødovre", "Lyngby-Taarbæk", "Gentofte", "Gladsaxe", "Ishøj",
    "Brøndby", "Albertslund", "Vallensbæk", "Glostrup", "Herlev", "Furesø", "Allerød", "Fredensborg",
    "Gribskov", "Halsnæs", "Rudersdal", "Egedal", "Solrød", "Stevns", "Faxe", "Vordingborg", "Guldborgsund",
    "Lolland", "Sorø", "Odsherred", "Lejre", "Faaborg-Midtfyn", "Assens", "Nyborg", "Kerteminde", "Middelfart",
    "Nordfyns", "Ærø", "Langeland", "Aabenraa", "Tønder", "Varde", "Billund", "Vejen", "Ikast-Brande",
    "Ringkøbing-Skjern", "Lemvig", "Struer", "Thisted", "Morsø", "Vesthimmerland", "Rebild", "Mariagerfjord",
    "Jammerbugt", "Brønderslev", "Læsø", "Samsø", "Odder", "Skanderborg", "Favrskov", "Syddjurs", "Norddjurs",
    "Hedensted", "Bornholm",
)
REGIONS = ("Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland")
DEPARTMENTS = ("Socialpsykiatrien", "Center for Misbrug og Psykiatri", "Beskæftigelse og Integration",
               "Bostøtten", "Recovery-huset")
PLACES = ("Kulturhuset, lokale 2", "Medborgerhuset, salen", "Aktivitetscentret", "Biblioteket, mødelokale 1",
          "Recovery-skolen", "Frivilligcentret, lokale 3", "Sundhedshuset, 2. sal", "Rådhusets mødelokale")

REFLECTION_SENTENCES = (
    "Da jeg selv var indlagt, var det en medpatient, der gjorde den største forskel for mig.",
    "Hun sagde ikke, hvad jeg skulle gøre; hun fortalte, hvad der havde hjulpet hende, og lyttede.",
    "Jeg kan genkende gensidighed og håb i det møde, og det vil jeg gerne give videre som peer.",
    "I praktikken mødte jeg en borger, der ikke ønskede at tale om sin diagnose, og det respekterede jeg.",
    "Jeg brugte min egen historie kort og kun, fordi det kunne åbne for samtalen.",
    "Bagefter talte jeg med min vejleder om, hvor grænsen går mellem at dele og at fylde for meget.",
    "Det var svært at sige nej til at mødes i weekenden, men jeg ved nu, hvorfor grænserne beskytter os begge.",
    "Recovery er for mig ikke at blive rask, men at leve et meningsfuldt liv med det, der er svært.",
    "Jeg lagde mærke til, at personalet talte om borgeren i tredje person, mens hun sad ved bordet.",
    "Jeg spurgte åbent, hvad hun selv havde brug for, og lod stilheden være der bagefter.",
    "Min erfaringskompetence er det, jeg har lært af mine egne kriser, omsat til noget andre kan bruge.",
    "Jeg kan mærke, at jeg stadig bliver berørt, når nogen fortæller om tvang, og det tager jeg med til supervision.",
    "I gruppen talte vi om, hvordan sprog kan gøre en person til en diagnose i stedet for et menneske.",
    "Jeg vil arbejde på at lytte mere og give færre gode råd.",
    "Samarbejdet med sygeplejerskerne er blevet bedre, efter vi aftalte, hvad min rolle er på afsnittet.",
    "Det vigtigste, jeg har lært, er at håb kan smitte, men det kan afmagt også.",
    "Jeg har skrevet en kort version af min historie, som jeg kan fortælle på fem minutter.",
    "Når jeg møder en borger i krise, tænker jeg først på tryghed og først derefter på samtalen.",
    "Jeg er blevet mere opmærksom på, hvornår jeg selv har brug for en pause.",
    "Min kollega var i starten skeptisk over for peer-støtte, men nu spørger hun mig til råds.",
    "Jeg oplevede, at borgeren slappede af, da jeg fortalte, at jeg også har været indlagt.",
    "Rettighederne i psykiatriloven var nye for mig, og jeg kan nu forklare dem i et enkelt sprog.",
    "Jeg vil gerne blive bedre til at bygge bro mellem borgeren og de kommunale tilbud.",
    "Det gav mening at øve samtalen i rollespil, før jeg prøvede den i virkeligheden.",
)
FEEDBACK_APPROVED = (
    "Tak for en ærlig og velskrevet refleksion. Du forbinder din egen erfaring med modulets begreber.",
    "Godkendt. Du viser tydeligt, hvordan du bruger din historie med omtanke.",
    "Fin refleksion, hvor du kommer godt omkring kriterierne. Godt arbejde.",
)
FEEDBACK_REVISION = (
    "Du beskriver situationen godt. Uddyb gerne, hvad du selv tog med dig fra mødet.",
    "Skriv lidt mere om, hvordan du passede på dine egne grænser undervejs.",
    "Prøv at koble din oplevelse til et af modulets begreber, for eksempel gensidighed eller håb.",
)
PRIVATE_NOTES = ("Det mindede mig om min egen indlæggelse.", "Jeg var træt bagefter, men glad.",
                 "Husk at tage det op til supervision.", "Svært at sige nej i dag.")
SETTINGS = ("Aktivitetscentret, Socialpsykiatrien", "Recovery-gruppe, bostedet", "Akutafsnittet, psykiatrien",
            "Værestedet", "Jobcentret, brobygning", "Frivilligcentrets caféaften", "Distriktspsykiatrien")
TOPICS = ("Grænser i 1:1-samtaler", "Brug af egen historie", "Samarbejde med personalet", "Erfaringsudveksling",
          "Håb og afmagt", "Krisesamtaler og tryghed", "Rollen som peer på afsnittet")
SUPERVISOR_NAMES = ("Hanne fra peer-netværket", "Ekstern supervisor Karsten Ravn", "Erfa-gruppen i regionen",
                    "Supervisor fra Recovery-skolen")
WITHDRAWAL_REASONS = ("Har fået andet arbejde.", "Ønsker ikke at fortsætte.", "Flyttet til en anden kommune.")
RETURN_COMMENTS = ("Datoen ser forkert ud; tjek den igen.", "Skriv hvilket sted, du var i praktik.",
                   "Timetallet passer ikke med vagtplanen.")

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", " ": "-"})


def email_part(text: str) -> str:
    """'Søren Ærø' -> 'soeren-aeroe': what the name looks like in an e-mail address."""
    return text.translate(_ASCII).lower()
