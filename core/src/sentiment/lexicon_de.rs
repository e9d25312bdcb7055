//! German lexicon (small), written for kefu (see `LEXICONS.md`).

use super::lexicon::LangData;

pub(super) static DE: LangData = LangData {
    code: "de",
    polarity: "
gut 0.45
super 0.5
toll 0.6
prima 0.55
klasse 0.55
perfekt 0.7
ausgezeichnet 0.8
hervorragend 0.8
zufrieden 0.5
freundlich 0.45
schnell 0.35
hilfreich 0.5
danke 0.4
empfehlenswert 0.55
empfehlen 0.45
schön 0.5
top 0.5
großartig 0.75
wunderbar 0.75
spitze 0.7
froh 0.5
glücklich 0.6
zuverlässig 0.45
schlecht -0.5
schlimm -0.6
schrecklich -0.8
furchtbar -0.8
katastrophal -0.8
katastrophe -0.75
enttäuscht -0.6
enttäuschend -0.6
langsam -0.4
kaputt -0.55
defekt -0.55
betrug -0.8
betrüger -0.8
ärgerlich -0.55
wütend -0.75
sauer -0.5
unverschämt -0.75
frechheit -0.7
unmöglich -0.5
mangelhaft -0.55
nutzlos -0.6
problem -0.3
fehler -0.35
leider -0.3
teuer -0.3
verspätet -0.45
verspätung -0.45
traurig -0.5
besorgt -0.35
scheiße -0.75
scheisse -0.75
funktioniert nicht -0.55
geht nicht -0.45
nicht schlecht 0.3
schade -0.35
freue 0.5
vielen dank 0.55
danke schön 0.5
dankeschön 0.5
dankbar 0.5
sehr gut 0.6
wunderschön 0.7
fantastisch 0.75
genial 0.7
exzellent 0.8
spitzenmäßig 0.75
empfehle 0.5
schnelle 0.35
kompetent 0.5
kompetente 0.5
professionell 0.45
hilfsbereit 0.5
nett 0.45
nette 0.45
freundliche 0.5
einwandfrei 0.6
reibungslos 0.5
unkompliziert 0.45
zufriedenstellend 0.4
begeistert 0.7
gelöst 0.3
problemlos 0.45
kein problem 0.25
schnell geliefert 0.5
erleichtert 0.4
herzlichen dank 0.6
miserabel -0.8
mies -0.6
grauenhaft -0.8
unzufrieden -0.55
unfreundlich -0.55
inkompetent -0.7
unzuverlässig -0.55
beschädigt -0.55
kaputte -0.55
defekte -0.55
fehlerhaft -0.5
falsch -0.35
falsche -0.35
verloren -0.4
fehlt -0.35
ärger -0.55
ärgere -0.55
genervt -0.55
nervt -0.55
verärgert -0.65
empört -0.7
zumutung -0.75
skandal -0.75
abzocke -0.85
betrogen -0.8
lügen -0.6
katastrophale -0.8
schlechter -0.55
schlechteste -0.8
schlechtesten -0.8
enttäuschung -0.6
nie wieder -0.5
keine antwort -0.5
nicht erreichbar -0.55
nicht angekommen -0.45
nicht erhalten -0.45
noch nicht -0.15
unverschämtheit -0.8
sauerei -0.7
peinlich -0.55
müll -0.7
schrott -0.75
wartezeit -0.3
zu spät -0.45
nicht zufrieden -0.55
gestresst -0.45
verzweifelt -0.6
    ",
    negators: "
nicht
kein
keine
keinen
keinem
keiner
nie
niemals
nichts
ohne
niemand
weder
    ",
    boosters: "
sehr 1.3
echt 1.25
wirklich 1.3
total 1.35
extrem 1.5
besonders 1.25
ziemlich 1.15
so 1.25
absolut 1.4
völlig 1.35
super 1.35
etwas 0.75
ein bisschen 0.7
ein wenig 0.7
leicht 0.7
wirklich sehr 1.4
äußerst 1.5
unglaublich 1.4
richtig 1.25
voll 1.25
    ",
    contrast: "
aber
jedoch
trotzdem
allerdings
dennoch
    ",
    concessive: "
obwohl
obgleich
    ",
    emotions: [
        "
wütend 1.0
sauer 0.8
ärgerlich 0.7
frechheit 0.8
unverschämt 0.8
betrug 0.6
scheiße 0.8
scheisse 0.8
verärgert 0.9
empört 1.0
genervt 0.7
nervt 0.7
zumutung 0.8
abzocke 0.7
unverschämtheit 0.9
sauerei 0.8
ärger 0.6
        ",
        "
besorgt 0.8
dringend 0.8
sofort 0.4
angst 0.7
schnellstmöglich 0.7
gestresst 0.7
verzweifelt 0.8
sorge 0.7
sorgen 0.7
        ",
        "
enttäuscht 0.8
traurig 0.8
leider 0.4
schade 0.5
enttäuschung 0.8
verzweifelt 0.4
        ",
        "
froh 0.7
glücklich 0.8
freue 0.7
toll 0.4
super 0.4
begeistert 0.8
erleichtert 0.6
        ",
        "
danke 0.8
vielen dank 1.1
danke schön 1.0
dankeschön 1.0
dankbar 0.9
herzlichen dank 1.1
        ",
    ],
};
