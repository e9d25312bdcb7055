//! Spanish lexicon, written for kefu (see `LEXICONS.md`).

use super::lexicon::LangData;

pub(super) static ES: LangData = LangData {
    code: "es",
    polarity: "
# --- positive
bueno 0.45
buena 0.45
buenos 0.45
buenas 0.45
bien 0.35
excelente 0.8
excelentes 0.8
genial 0.7
perfecto 0.7
perfecta 0.7
maravilloso 0.75
maravillosa 0.75
increíble 0.6
fantástico 0.75
fantástica 0.75
estupendo 0.7
estupenda 0.7
magnífico 0.75
encantado 0.6
encantada 0.6
encanta 0.65
encantó 0.65
gusta 0.45
gustó 0.45
contento 0.55
contenta 0.55
feliz 0.6
satisfecho 0.5
satisfecha 0.5
rápido 0.35
rápida 0.35
rápidamente 0.3
fácil 0.35
amable 0.5
amables 0.5
atento 0.4
atenta 0.4
profesional 0.4
recomiendo 0.55
recomendable 0.5
gracias 0.4
agradezco 0.5
agradecido 0.55
agradecida 0.55
útil 0.4
eficiente 0.45
eficaz 0.45
mejor 0.35
económico 0.2
vale la pena 0.5
cómodo 0.4
cómoda 0.4
bonito 0.5
bonita 0.5
precioso 0.6
preciosa 0.6
guay 0.5
chévere 0.55
bacán 0.5
resuelto 0.45
solucionado 0.45
funciona 0.2
correcto 0.2
ok 0.12
de maravilla 0.7
encantador 0.55
ideal 0.5
calidad 0.1
puntual 0.4
seguro 0.2
fiable 0.45
confiable 0.45
alegre 0.5
jaja 0.35
jajaja 0.4
sin problemas 0.35
# --- neutral phrases kept together
buenas tardes 0.05
buenas noches 0.05
buenos días 0.05
buen día 0.05
más o menos -0.05
no sé 0.0
por favor 0.0
a ver 0.0
no obstante 0.0
# --- negative
malo -0.5
mala -0.5
malos -0.5
malas -0.5
mal -0.45
pésimo -0.85
pésima -0.85
pésimos -0.85
terrible -0.8
horrible -0.8
fatal -0.7
peor -0.6
desastre -0.75
vergüenza -0.6
vergonzoso -0.7
lamentable -0.7
decepcionado -0.6
decepcionada -0.6
decepción -0.6
decepcionante -0.6
enfadado -0.6
enfadada -0.6
enojado -0.6
enojada -0.6
furioso -0.85
furiosa -0.85
molesto -0.5
molesta -0.5
harto -0.65
harta -0.65
cansado -0.3
cansada -0.3
triste -0.5
preocupado -0.35
preocupada -0.35
lento -0.4
lenta -0.4
tarde -0.2
retraso -0.45
retrasado -0.45
demora -0.4
roto -0.55
rota -0.55
dañado -0.55
dañada -0.55
defectuoso -0.6
defectuosa -0.6
estafa -0.8
estafadores -0.8
fraude -0.75
engaño -0.65
engañado -0.65
timo -0.75
basura -0.7
porquería -0.7
inútil -0.65
inútiles -0.65
inaceptable -0.75
ridículo -0.6
ridícula -0.6
grosero -0.6
grosera -0.6
problema -0.3
problemas -0.35
error -0.3
errores -0.3
falla -0.4
fallo -0.4
queja -0.35
caro -0.3
incompetente -0.7
incompetentes -0.7
odio -0.75
nunca llegó -0.6
no funciona -0.55
no sirve -0.55
no sirve para nada -0.75
perdido -0.4
mentira -0.55
mentiras -0.6
mienten -0.6
asco -0.7
qué asco -0.8
horror -0.6
complicado -0.3
difícil -0.3
imposible -0.45
sucio -0.45
sucia -0.45
insoportable -0.75
indignante -0.75
indignado -0.7
indignada -0.7
lamentablemente -0.35
desgraciadamente -0.35
equivocado -0.4
incorrecto -0.35
abuso -0.6
cobro indebido -0.6
mierda -0.75
robo -0.7
ladrones -0.8
nadie responde -0.6
sin respuesta -0.5
todavía no -0.2
pena -0.35
lástima -0.4
tristeza -0.5
rabia -0.7
miedo -0.4
pérdida de tiempo -0.7
pérdida de dinero -0.75
no me gustó -0.5
deja mucho que desear -0.6
caótico -0.5
qué pena -0.45
qué lástima -0.45
desilusionado -0.55
desilusionada -0.55
alegría 0.55
muchas gracias 0.55
mil gracias 0.6
muchísimas gracias 0.6
se agradece 0.45
    ",
    negators: "
no
nunca
jamás
ni
sin
nada
nadie
ninguno
ninguna
ningún
tampoco
poco
    ",
    boosters: "
muy 1.3
súper 1.35
super 1.35
tan 1.3
demasiado 1.3
bastante 1.15
extremadamente 1.5
realmente 1.3
totalmente 1.35
completamente 1.35
absolutamente 1.4
increíblemente 1.45
sumamente 1.45
tremendamente 1.45
de verdad 1.2
mucho 1.2
muchísimo 1.45
re 1.2
el más 1.3
la más 1.3
un poco 0.7
un poquito 0.65
algo 0.8
ligeramente 0.6
un tanto 0.75
    ",
    contrast: "
pero
sin embargo
no obstante
aun así
    ",
    concessive: "
aunque
a pesar de
pese a
    ",
    emotions: [
        // anger
        "
enfadado 0.8
enfadada 0.8
enojado 0.8
enojada 0.8
furioso 1.1
furiosa 1.1
harto 0.8
harta 0.8
indignado 0.9
indignada 0.9
indignante 0.8
rabia 1.0
inaceptable 0.7
vergüenza 0.5
estafa 0.6
ridículo 0.5
molesto 0.6
molesta 0.6
qué asco 0.6
ladrones 0.8
mierda 0.8
odio 0.7
        ",
        // anxiety
        "
preocupado 0.8
preocupada 0.8
urgente 0.8
urge 0.8
urgentemente 0.8
cuanto antes 0.7
lo antes posible 0.8
nervioso 0.7
nerviosa 0.7
miedo 0.6
angustia 0.8
angustiado 0.8
angustiada 0.8
ansioso 0.7
ansiosa 0.7
prisa 0.6
ya mismo 0.4
        ",
        // sadness
        "
triste 0.8
tristeza 0.8
decepcionado 0.8
decepcionada 0.8
decepción 0.7
lamentablemente 0.4
pena 0.5
qué pena 0.6
lástima 0.5
qué lástima 0.6
desilusionado 0.7
desilusionada 0.7
        ",
        // joy
        "
feliz 0.8
contento 0.7
contenta 0.7
encantado 0.7
encantada 0.7
encanta 0.6
genial 0.5
alegre 0.7
alegría 0.7
perfecto 0.4
maravilloso 0.5
jaja 0.5
jajaja 0.6
        ",
        // gratitude
        "
gracias 0.8
muchas gracias 1.1
mil gracias 1.2
muchísimas gracias 1.2
agradezco 0.9
agradecido 0.9
agradecida 0.9
se agradece 0.8
        ",
    ],
};
