//! Portuguese lexicon (small), written for kefu (see `LEXICONS.md`).

use super::lexicon::LangData;

pub(super) static PT: LangData = LangData {
    code: "pt",
    polarity: "
bom 0.45
boa 0.45
ótimo 0.7
ótima 0.7
excelente 0.8
perfeito 0.7
perfeita 0.7
maravilhoso 0.75
incrível 0.6
obrigado 0.4
obrigada 0.4
satisfeito 0.5
satisfeita 0.5
rápido 0.35
rápida 0.35
recomendo 0.55
gostei 0.5
adorei 0.7
amei 0.75
legal 0.45
bacana 0.5
feliz 0.6
contente 0.5
atencioso 0.45
atenciosa 0.45
eficiente 0.45
ruim -0.5
péssimo -0.85
péssima -0.85
horrível -0.8
terrível -0.8
decepcionado -0.6
decepcionada -0.6
decepção -0.6
lento -0.4
lenta -0.4
quebrado -0.55
quebrada -0.55
defeito -0.5
golpe -0.7
fraude -0.75
lixo -0.7
absurdo -0.65
vergonha -0.6
raiva -0.7
irritado -0.55
irritada -0.55
chateado -0.5
chateada -0.5
problema -0.3
atraso -0.45
atrasado -0.45
caro -0.3
pior -0.7
inútil -0.65
triste -0.5
preocupado -0.35
preocupada -0.35
merda -0.75
não funciona -0.55
por favor 0.0
pena -0.3
alegre 0.5
muito obrigado 0.55
muito obrigada 0.55
agradeço 0.5
valeu 0.4
muito bom 0.6
excelente atendimento 0.8
maravilhosa 0.75
fantástico 0.75
fantástica 0.75
sensacional 0.75
show 0.5
top 0.5
eficaz 0.45
prestativo 0.5
prestativa 0.5
educado 0.45
educada 0.45
simpático 0.5
simpática 0.5
resolvido 0.3
resolveu 0.35
funcionou 0.35
chegou rápido 0.5
recomendado 0.45
gosto 0.4
adoro 0.65
aliviado 0.4
aliviada 0.4
sem problema 0.25
sem problemas 0.25
tranquilo 0.3
confiável 0.45
encantado 0.6
encantada 0.6
péssimo atendimento -0.9
horroroso -0.8
horrorosa -0.8
defeituoso -0.6
defeituosa -0.6
estragado -0.55
estragada -0.55
danificado -0.55
danificada -0.55
não chegou -0.45
nunca chegou -0.55
não recebi -0.45
sem resposta -0.5
nenhuma resposta -0.5
descaso -0.7
desrespeito -0.7
falta de respeito -0.75
enganado -0.6
enganada -0.6
roubo -0.75
ladrões -0.85
golpistas -0.85
enrolação -0.6
enrolando -0.55
demora -0.45
demorado -0.45
demorada -0.45
insatisfeito -0.55
insatisfeita -0.55
incompetente -0.7
incompetentes -0.7
mal educado -0.6
grosso -0.55
grossa -0.55
ridículo -0.65
ridícula -0.65
palhaçada -0.75
furioso -0.85
furiosa -0.85
revoltado -0.7
revoltada -0.7
cansado -0.4
cansada -0.4
infelizmente -0.35
errado -0.35
errada -0.35
faltando -0.4
nunca mais -0.45
uma merda -0.8
    ",
    negators: "
não
nunca
nem
sem
nada
nenhum
nenhuma
ninguém
jamais
    ",
    boosters: "
muito 1.3
super 1.35
bastante 1.15
extremamente 1.5
tão 1.3
demais 1.3
totalmente 1.35
realmente 1.3
um pouco 0.7
meio 0.8
bem 1.2
pouco 0.7
    ",
    contrast: "
mas
porém
entretanto
contudo
todavia
    ",
    concessive: "
embora
apesar de
    ",
    emotions: [
        "
raiva 1.0
irritado 0.7
irritada 0.7
absurdo 0.6
vergonha 0.5
golpe 0.6
merda 0.8
furioso 1.1
furiosa 1.1
revoltado 0.9
revoltada 0.9
palhaçada 0.8
descaso 0.7
desrespeito 0.7
ladrões 0.8
golpistas 0.8
        ",
        "
preocupado 0.8
preocupada 0.8
urgente 0.8
medo 0.6
pressa 0.6
preocupado 0.8
preocupada 0.8
urgente 0.8
urgência 0.8
        ",
        "
triste 0.8
decepcionado 0.8
decepcionada 0.8
decepção 0.7
pena 0.4
triste 0.8
infelizmente 0.4
cansado 0.4
cansada 0.4
        ",
        "
feliz 0.8
contente 0.7
adorei 0.7
amei 0.8
alegre 0.7
encantado 0.7
encantada 0.7
aliviado 0.6
aliviada 0.6
adorei 0.6
amei 0.7
        ",
        "
obrigado 0.8
obrigada 0.8
muito obrigado 1.1
muito obrigada 1.1
agradeço 0.9
valeu 0.6
agradeço 0.9
muito obrigado 1.0
muito obrigada 1.0
        ",
    ],
};
