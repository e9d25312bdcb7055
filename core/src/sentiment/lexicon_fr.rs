//! French lexicon (small), written for kefu (see `LEXICONS.md`).

use super::lexicon::LangData;

pub(super) static FR: LangData = LangData {
    code: "fr",
    polarity: "
bon 0.4
bonne 0.4
bien 0.35
excellent 0.8
excellente 0.8
parfait 0.7
parfaite 0.7
génial 0.7
super 0.5
merci 0.4
content 0.5
contente 0.5
satisfait 0.5
satisfaite 0.5
rapide 0.35
efficace 0.45
agréable 0.5
sympa 0.45
aimable 0.45
top 0.5
recommande 0.5
adore 0.7
aime 0.45
formidable 0.7
magnifique 0.7
ravi 0.65
ravie 0.65
impeccable 0.7
utile 0.4
mauvais -0.5
mauvaise -0.5
nul -0.6
nulle -0.6
horrible -0.8
terrible -0.7
déçu -0.6
déçue -0.6
décevant -0.6
décevante -0.6
lent -0.4
lente -0.4
cassé -0.55
cassée -0.55
arnaque -0.8
inadmissible -0.75
inacceptable -0.75
honteux -0.7
scandaleux -0.75
problème -0.3
retard -0.4
énervé -0.6
énervée -0.6
fâché -0.6
furieux -0.85
furieuse -0.85
pire -0.7
catastrophe -0.75
déplorable -0.7
lamentable -0.7
inutile -0.55
incompétent -0.7
incompétents -0.7
cher -0.25
inquiet -0.35
inquiète -0.35
triste -0.5
merde -0.7
mal -0.4
pas mal 0.3
ne fonctionne pas -0.55
ne marche pas -0.55
ça marche pas -0.55
s'il vous plaît 0.0
s'il te plaît 0.0
dommage -0.35
heureux 0.6
heureuse 0.6
merci beaucoup 0.55
mille mercis 0.6
remercie 0.45
géniale 0.7
bravo 0.6
merveilleux 0.75
merveilleuse 0.75
fantastique 0.75
incroyable 0.6
parfaitement 0.6
réactif 0.5
réactive 0.5
professionnel 0.45
professionnelle 0.45
compétent 0.5
compétente 0.5
serviable 0.5
chaleureux 0.5
accueillant 0.45
fiable 0.45
pratique 0.35
facile 0.3
satisfaisant 0.45
nickel 0.55
au top 0.6
rapidement 0.3
recommander 0.45
recommandé 0.45
enchanté 0.5
enchantée 0.5
plaisir 0.4
résolu 0.3
réglé 0.3
chouette 0.5
sublime 0.7
idéal 0.5
idéale 0.5
remercier 0.45
merci infiniment 0.6
soulagé 0.4
soulagée 0.4
pas terrible -0.4
médiocre -0.6
défectueux -0.6
défectueuse -0.6
abîmé -0.5
abîmée -0.5
endommagé -0.55
endommagée -0.55
en panne -0.5
panne -0.4
bug -0.4
erreur -0.3
injoignable -0.6
injoignables -0.6
impossible -0.35
incapable -0.55
incapables -0.55
désagréable -0.55
impoli -0.6
impolie -0.6
malpoli -0.6
irrespectueux -0.6
mépris -0.6
honte -0.65
escroquerie -0.85
escrocs -0.85
voleurs -0.8
pénible -0.5
agacé -0.5
agacée -0.5
exaspéré -0.7
exaspérée -0.7
marre -0.6
ras le bol -0.65
insupportable -0.7
nulle part 0.0
sale -0.45
trompé -0.5
arnaqué -0.8
arnaquée -0.8
perdu -0.35
perdue -0.35
manquant -0.4
manquante -0.4
incomplet -0.4
incomplète -0.4
inquiétant -0.45
aucune réponse -0.5
sans réponse -0.45
jamais reçu -0.5
pas reçu -0.45
déception -0.6
regrette -0.45
colère -0.7
en colère -0.7
scandale -0.75
minable -0.7
pourri -0.7
pourrie -0.7
naze -0.55
bof -0.3
stressé -0.45
stressée -0.45
angoissé -0.5
angoissée -0.5
pas de problème 0.25
aucun problème 0.25
    ",
    negators: "
pas
jamais
rien
aucun
aucune
sans
personne
ni
    ",
    boosters: "
très 1.3
trop 1.3
vraiment 1.3
tellement 1.35
extrêmement 1.5
super 1.35
assez 1.1
totalement 1.35
complètement 1.35
un peu 0.7
légèrement 0.6
absolument 1.3
particulièrement 1.25
hyper 1.35
ultra 1.35
plutôt 0.85
    ",
    contrast: "
mais
cependant
pourtant
toutefois
néanmoins
    ",
    concessive: "
bien que
même si
malgré
    ",
    emotions: [
        "
furieux 1.1
furieuse 1.1
énervé 0.8
énervée 0.8
fâché 0.8
scandaleux 0.8
inadmissible 0.7
arnaque 0.6
merde 0.8
colère 1.0
en colère 1.0
exaspéré 0.9
exaspérée 0.9
marre 0.7
ras le bol 0.8
honte 0.6
escroquerie 0.6
voleurs 0.7
agacé 0.6
agacée 0.6
        ",
        "
inquiet 0.8
inquiète 0.8
urgent 0.8
urgence 0.8
vite 0.4
peur 0.6
inquiétant 0.6
stressé 0.7
stressée 0.7
angoissé 0.8
angoissée 0.8
        ",
        "
déçu 0.8
déçue 0.8
triste 0.8
dommage 0.5
décevant 0.6
déception 0.8
regrette 0.5
        ",
        "
content 0.7
contente 0.7
ravi 0.9
ravie 0.9
heureux 0.8
heureuse 0.8
génial 0.5
enchanté 0.7
enchantée 0.7
soulagé 0.6
soulagée 0.6
        ",
        "
merci 0.8
merci beaucoup 1.1
mille mercis 1.2
remercie 0.9
merci infiniment 1.1
remercier 0.8
        ",
    ],
};
