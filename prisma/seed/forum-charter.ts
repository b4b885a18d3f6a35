/**
 * The demo's charter for democratic values, in our own words, covering what the City of Copenhagen's charter covers.
 * Version 2 adds a paragraph on online spaces. Blocks are separated by a blank line; "# " starts a heading.
 */
export const charterV1 = {
  titleDa: "Charter for demokratiske værdier i København",
  titleEn: "Charter for democratic values in Copenhagen",
  textDa: `København er en by, hvor vi lever forskellige liv side om side. Det fællesskab hviler på nogle få, fælles værdier. Organisationer, der er medlem af Medborgerforum, tilslutter sig dem og arbejder for dem i deres egen hverdag.

# Ytringsfrihed og religionsfrihed
Alle har ret til at sige deres mening, også når den er upopulær, og til at tro på det, de vil, eller ikke at tro. Vi møder uenighed med argumenter og samtale, aldrig med trusler, chikane eller tavshed påtvunget af andre.

# Lighed for loven
Loven gælder ens for alle, og ingen står over den. Vi anerkender, at konflikter afgøres af de demokratisk vedtagne love og de domstole og myndigheder, der forvalter dem, ikke af parallelle ordninger.

# Lige rettigheder for alle
Alle mennesker har samme værdi og de samme rettigheder, uanset køn, religion, hudfarve, etnisk oprindelse, seksuel orientering, kønsidentitet, handicap eller alder. Vi tolererer ikke diskrimination i vores aktiviteter og siger fra, når vi ser den.

# Demokratisk deltagelse
Vi opfordrer børn, unge og voksne til at tage del i demokratiet: at stemme, at engagere sig i foreninger og lokalsamfund og at få indflydelse ad fredelige veje. Vi driver selv vores organisation åbent og demokratisk.

# Lokalt sammenhold
Vi arbejder for tryghed og tillid i vores bydel, på tværs af baggrunde og generationer. Vi samarbejder med naboer, skoler, andre foreninger og kommunen, og vi deler vores viden om de udfordringer, vi ser.

# Afstandtagen fra vold og voldelig ekstremisme
Vi tager afstand fra vold, trusler og voldelig ekstremisme i enhver form, uanset hvilken ideologi eller religion den påberåber sig. Er vi bekymrede for, at et ungt menneske er på vej ind i et ekstremistisk miljø, søger vi råd hos VINK.`,
  textEn: `Copenhagen is a city where we live different lives side by side. That community rests on a few shared values. Organisations that are members of the Citizens' forum endorse them and work for them in their own daily life.

# Freedom of expression and belief
Everyone has the right to speak their mind, even when it is unpopular, and to believe what they want, or not to believe. We meet disagreement with arguments and conversation, never with threats, harassment or a silence forced by others.

# Equality before the law
The law applies equally to everyone, and no one stands above it. We recognise that disputes are settled by democratically adopted laws and by the courts and authorities that administer them, not by parallel arrangements.

# Equal rights for all
All people are of equal worth and have the same rights, whatever their gender, religion, skin colour, ethnic origin, sexual orientation, gender identity, disability or age. We do not tolerate discrimination in our activities, and we speak up when we see it.

# Democratic participation
We encourage children, young people and adults to take part in democracy: to vote, to engage in associations and local communities and to gain influence by peaceful means. We run our own organisation openly and democratically.

# Local cohesion
We work for safety and trust in our district, across backgrounds and generations. We cooperate with neighbours, schools, other associations and the municipality, and we share what we know about the challenges we see.

# Rejection of violence and violent extremism
We reject violence, threats and violent extremism in every form, whatever ideology or religion it invokes. If we are worried that a young person is moving into an extremist environment, we seek advice from VINK.`,
};

const onlineDa = `# Fællesskab også på nettet
Værdierne gælder også i de digitale rum, vi driver eller færdes i: grupper, chats og sociale medier. Vi griber ind over for hadefulde ytringer og trusler i vores egne kanaler, og vi hjælper unge med at gennemskue propaganda og misinformation.`;
const onlineEn = `# Community online too
The values apply in the digital spaces we run or use as well: groups, chats and social media. We act against hateful speech and threats in our own channels, and we help young people see through propaganda and misinformation.`;

export const charterV2 = {
  titleDa: charterV1.titleDa,
  titleEn: charterV1.titleEn,
  textDa: insertBeforeLast(charterV1.textDa, onlineDa),
  textEn: insertBeforeLast(charterV1.textEn, onlineEn),
};

function insertBeforeLast(text: string, block: string) {
  const blocks = text.split("\n\n");
  const last = blocks.findLastIndex((b) => b.startsWith("# "));
  return [...blocks.slice(0, last), block, ...blocks.slice(last)].join("\n\n");
}
