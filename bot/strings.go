package bot

import "fmt"

// messages are the bot's own sentences, per language. English is complete;
// a key missing in another language falls back to English.
var messages = map[string]map[string]string{
	"en": {
		"abroad":          "My information is about settling in Canada, so I can't answer questions about services or rules in another country. If you meant Canada, tap the topic below, or ask again and say where you live in Canada. A settlement worker can also help: tap \"Talk to a person\".",
		"notice":          "Hi! I'm newcomerbot, an automated assistant with information for newcomers to Canada. Please don't send your SIN, passport or case numbers here. I keep your language and province, and recent questions without your name, for up to %s. Type /privacy to learn more or /forget to delete it. My answers are general information, not legal or immigration advice.",
		"fallback":        "Sorry, I don't have a good answer for that yet, and I'd rather not guess. You can:\n- ask a settlement worker (tap \"Talk to a person\" or type /human)\n- call or text 211, or visit https://211.ca, to find local services in many languages\nI've noted the question (without your name) so our team can add it.",
		"fallback_again":  "I'm still not finding a good answer. Would you like a settlement worker to help? Tap \"Talk to a person\".",
		"clarify":         "Did you mean one of these?",
		"handoff":         "I'll pass your conversation to a settlement worker, a real person. Before I do: I will share your language, your province, the topic and your last few messages, but not your name or username. If that's OK, tap \"Yes, connect me\". Type /cancel to stop.",
		"handoff_none":    "A settlement worker can help with your situation. Please contact a local settlement agency (type /region to see ones near you), or call or text 211 to find one in your language.",
		"crisis_danger":   "If you or someone else is in danger right now, call 911. The call is free, and you can ask for an interpreter in your language.",
		"crisis_selfharm": "If you are thinking about suicide or hurting yourself, call or text 988 (Suicide Crisis Helpline), any time, free. If you are under 30, you can also call Kids Help Phone at 1-800-668-6868 or text CONNECT to 686868.",
		"crisis_violence": "If someone is hurting or threatening you, call 911. When it is safe, 211 can connect you to a women's shelter or victim services. Help is there whatever your immigration status.",
		"crisis_medical":  "This sounds like a medical emergency: call 911 now. If there is a smell of gas, or a fire, get everyone outside first, then call 911.",
		"crisis_person":   "You are not alone. When you are safe, a settlement worker can also help you: tap \"Talk to a person\".",
		"greeting":        "Hello! Ask me about life in Canada: health cards, SIN, housing, jobs, English or French classes, school, taxes and more. Tell me your city or province for local answers.",
		"thanks":          "You're welcome! Ask me anything else, any time.",
		"howareyou":       "I'm a bot, so I'm always ready! How can I help you settle in?",
		"whoareyou":       "I'm newcomerbot, an automated assistant for newcomers to Canada. I answer from information checked against official sources, and I can connect you with a settlement worker. I give information, not legal advice.",
		"bye":             "Goodbye, and good luck! I'm here whenever you need me.",
		"help":            "Ask a question in your own words, for example \"how do I get a health card in Ontario\". Commands:\n/language - change language\n/region - set your province or city\n/human - talk to a settlement worker\n/privacy - what I keep\n/forget - delete what I keep about you",
		"empty":           "I can only read text. Please type your question in words.",
		"language_prompt": "Which language would you like?",
		"language_set":    "OK, I'll answer in English.",
		"region_prompt":   "Which province or city do you live in? Tap a button or type, for example, /region Calgary.",
		"region_set":      "Got it: %s. I'll give you answers and services for there.",
		"region_unknown":  "Sorry, I don't know that place. Try a province (for example Ontario) or a city (for example Calgary).",
		"forgot":          "Done. I deleted everything I kept about you.",
		"privacy":         "What I keep: your language, your province or city, the topic of your last question, your last 3 messages (shared only with a settlement worker, if you ask for one) and whether you saw this notice, for up to %s after your last message. Questions I couldn't answer are kept without your name so our team can improve. I never keep your name or username. Type /forget to delete everything now.",
		"translated":      "This text was translated automatically and has not been checked yet. A settlement worker can help you in your language: type /human.",
		"english_note":    "I don't have this answer in your language yet, so here it is in English. A settlement worker can help in your language: type /human.",
		"checked":         "Checked %s.",
		"source":          "Official source: %s",
		"services":        "Services near you:",
		"legal_note":      "This is general information, not legal advice.",
		"ask_region":      "Answers can differ by province. Where do you live?",
		"btn_person":      "Talk to a person",
		"btn_yes_connect": "Yes, connect me",
		"btn_other":       "Other province",
		"btn_helpful":     "👍",
		"btn_unhelpful":   "👎",
		"feedback":        "Thank you for your feedback!",
		"error":           "Sorry, something went wrong on my side. Please try again in a moment, or call or text 211 for help finding services.",
		"cancel":          "OK, cancelled.",
		"gone":            "That button is from an older version of my information. Please ask your question again in your own words.",
		// Handoff to settlement workers.
		"fallback_offer":    "I'm still not finding a good answer. A settlement worker, a real person, can help. I would share your language, your province, the topic and your last few messages, but not your name or username. If that's OK, tap \"Yes, connect me\".",
		"handoff_queued":    "Thank you. I passed your request to our settlement workers: it is request number %d, and you are number %d in the queue. A person will reply here, in this chat.",
		"handoff_meanwhile": "Until then, everything you write here goes to the settlement worker, not to the bot. Type /cancel to withdraw your request.",
		"handoff_urgent":    "If you are in danger now, call 911 first.",
		"handoff_already":   "You already have a request open (number %d). A settlement worker will reply here; type /cancel to withdraw it.",
		"handoff_claimed":   "A settlement worker is now looking at your request and will write to you here.",
		"handoff_worker":    "Settlement worker:\n%s",
		"handoff_kb":        "Your settlement worker sent you this information:",
		"handoff_closed":    "Your settlement worker has closed this conversation. You're back with newcomerbot: ask me anything, or type /human to reach a person again.\nHow helpful was the settlement worker? Tap 1 (not at all) to 5 (very).",
		"handoff_open":      "You are connected with a settlement worker: what you write here goes to them. Type /cancel to go back to the bot.",
		"handoff_cancelled": "OK, I withdrew your request for a settlement worker. You're back with the bot.",
		"rated":             "Thank you for your rating!",
		"hours_describe":    "%s, %s–%s %s time",
		"hours_open":        "Our settlement workers are at work now (%s), so a person should reply soon.",
		"hours_closed":      "Our settlement workers reply %s; %s, so expect a reply %s.",
		"hours_now_time":    "it is %s on %s",
		"hours_now_day":     "it is %s",
		"when_today":        "today from %s",
		"when_tomorrow":     "tomorrow (%s) from %s",
		"when_day":          "on %s from %s",
		"days_all":          "every day",
		"days_one":          "%s",
		"days_range":        "%s to %s",
		"and":               " and ",
	},
	"fr": {
		"abroad":          "Mes renseignements portent sur l'établissement au Canada : je ne peux pas répondre aux questions sur les services ou les règles d'un autre pays. Si vous parliez du Canada, touchez le sujet ci-dessous, ou reposez la question en disant où vous habitez au Canada. Une intervenante ou un intervenant peut aussi vous aider : touchez « Parler à une personne ».",
		"notice":          "Bonjour! Je suis newcomerbot, un assistant automatisé qui informe les personnes nouvellement arrivées au Canada. N'envoyez pas ici votre NAS, votre passeport ni vos numéros de dossier. Je garde votre langue, votre province et vos questions récentes, sans votre nom, pendant au plus %s. Tapez /privacy pour en savoir plus ou /forget pour tout effacer. Mes réponses sont de l'information générale, pas des conseils juridiques ou en immigration.",
		"fallback":        "Désolé, je n'ai pas encore de bonne réponse à cette question et je préfère ne pas deviner. Vous pouvez :\n- parler à une intervenante ou un intervenant en établissement (touchez « Parler à une personne » ou tapez /human)\n- appeler ou texter le 211, ou visiter https://211.ca, pour trouver des services près de chez vous dans plusieurs langues\nJ'ai noté la question (sans votre nom) pour que notre équipe l'ajoute.",
		"fallback_again":  "Je ne trouve toujours pas de bonne réponse. Voulez-vous l'aide d'une intervenante ou d'un intervenant? Touchez « Parler à une personne ».",
		"clarify":         "Vouliez-vous dire l'un de ces sujets?",
		"handoff":         "Je vais transmettre votre conversation à une intervenante ou un intervenant en établissement, une vraie personne. Je partagerai votre langue, votre province, le sujet et vos derniers messages, mais pas votre nom ni votre nom d'utilisateur. Si vous êtes d'accord, touchez « Oui, mettez-moi en contact ». Tapez /cancel pour annuler.",
		"handoff_none":    "Une intervenante ou un intervenant en établissement peut vous aider. Communiquez avec un organisme d'établissement près de chez vous (tapez /region), ou appelez ou textez le 211 pour en trouver un dans votre langue.",
		"crisis_danger":   "Si vous ou une autre personne êtes en danger maintenant, appelez le 911. L'appel est gratuit et vous pouvez demander un interprète dans votre langue.",
		"crisis_selfharm": "Si vous pensez au suicide ou à vous faire du mal, appelez ou textez le 988 (Ligne d'aide en cas de crise de suicide), en tout temps, gratuitement. Si vous avez moins de 30 ans, vous pouvez aussi appeler Jeunesse, J'écoute au 1-800-668-6868 ou texter PARLER au 686868.",
		"crisis_violence": "Si quelqu'un vous fait du mal ou vous menace, appelez le 911. Quand vous êtes en sécurité, le 211 peut vous orienter vers une maison d'hébergement ou des services aux victimes. L'aide existe quel que soit votre statut d'immigration.",
		"crisis_medical":  "Cela ressemble à une urgence médicale : appelez le 911 maintenant. S'il y a une odeur de gaz ou un feu, faites d'abord sortir tout le monde, puis appelez le 911.",
		"crisis_person":   "Vous n'êtes pas seul. Quand vous serez en sécurité, une intervenante ou un intervenant peut aussi vous aider : touchez « Parler à une personne ».",
		"greeting":        "Bonjour! Posez-moi vos questions sur la vie au Canada : carte santé, NAS, logement, emploi, cours d'anglais ou de français, école, impôts et plus. Dites-moi votre ville ou votre province pour des réponses locales.",
		"thanks":          "Avec plaisir! N'hésitez pas si vous avez d'autres questions.",
		"howareyou":       "Je suis un robot, alors je suis toujours prêt! Comment puis-je vous aider à vous installer?",
		"whoareyou":       "Je suis newcomerbot, un assistant automatisé pour les personnes nouvellement arrivées au Canada. Je réponds à partir d'information vérifiée auprès de sources officielles et je peux vous mettre en contact avec une intervenante ou un intervenant. Je donne de l'information, pas des conseils juridiques.",
		"bye":             "Au revoir et bonne chance! Je suis là quand vous voulez.",
		"help":            "Posez votre question dans vos mots, par exemple « comment avoir ma carte santé en Ontario ». Commandes :\n/language - changer de langue\n/region - indiquer votre province ou ville\n/human - parler à une intervenante ou un intervenant\n/privacy - ce que je garde\n/forget - effacer ce que je garde sur vous",
		"empty":           "Je peux seulement lire du texte. Écrivez votre question en mots, s'il vous plaît.",
		"language_prompt": "Dans quelle langue voulez-vous vos réponses?",
		"language_set":    "D'accord, je vais répondre en français.",
		"region_prompt":   "Dans quelle province ou ville habitez-vous? Touchez un bouton ou tapez, par exemple, /region Sudbury.",
		"region_set":      "C'est noté : %s. Je vous donnerai les réponses et les services de cet endroit.",
		"region_unknown":  "Désolé, je ne connais pas cet endroit. Essayez une province (par exemple Ontario) ou une ville (par exemple Ottawa).",
		"forgot":          "C'est fait. J'ai effacé tout ce que je gardais sur vous.",
		"privacy":         "Ce que je garde : votre langue, votre province ou ville, le sujet de votre dernière question, vos 3 derniers messages (transmis seulement à une intervenante ou un intervenant, si vous en demandez un) et si vous avez vu cet avis, pendant au plus %s après votre dernier message. Les questions sans réponse sont gardées sans votre nom pour améliorer le service. Je ne garde jamais votre nom ni votre nom d'utilisateur. Tapez /forget pour tout effacer maintenant.",
		"translated":      "Ce texte a été traduit automatiquement et n'a pas encore été vérifié. Une intervenante ou un intervenant peut vous aider dans votre langue : tapez /human.",
		"english_note":    "Je n'ai pas encore cette réponse dans votre langue; la voici en anglais. Une intervenante ou un intervenant peut vous aider dans votre langue : tapez /human.",
		"checked":         "Vérifié en %s.",
		"source":          "Source officielle : %s",
		"services":        "Services près de chez vous :",
		"legal_note":      "Ceci est de l'information générale, pas un conseil juridique.",
		"ask_region":      "La réponse peut changer selon la province. Où habitez-vous?",
		"btn_person":      "Parler à une personne",
		"btn_yes_connect": "Oui, mettez-moi en contact",
		"btn_other":       "Autre province",
		"feedback":        "Merci de votre avis!",
		"error":           "Désolé, un problème est survenu de mon côté. Réessayez dans un moment, ou appelez ou textez le 211 pour trouver des services.",
		"cancel":          "D'accord, c'est annulé.",
		"gone":            "Ce bouton vient d'une ancienne version de mes renseignements. Posez de nouveau votre question dans vos mots.",
		// Transfert à une intervenante ou un intervenant.
		"fallback_offer":    "Je ne trouve toujours pas de bonne réponse. Une intervenante ou un intervenant en établissement, une vraie personne, peut vous aider. Je partagerais votre langue, votre province, le sujet et vos derniers messages, mais pas votre nom ni votre nom d'utilisateur. Si vous êtes d'accord, touchez « Oui, mettez-moi en contact ».",
		"handoff_queued":    "Merci. J'ai transmis votre demande à nos intervenantes et intervenants : c'est la demande numéro %d, et vous êtes numéro %d dans la file d'attente. Une personne vous répondra ici, dans cette conversation.",
		"handoff_meanwhile": "D'ici là, tout ce que vous écrivez ici est transmis à l'intervenante ou l'intervenant, pas au robot. Tapez /cancel pour retirer votre demande.",
		"handoff_urgent":    "Si vous êtes en danger maintenant, appelez d'abord le 911.",
		"handoff_already":   "Vous avez déjà une demande ouverte (numéro %d). Une intervenante ou un intervenant vous répondra ici; tapez /cancel pour la retirer.",
		"handoff_claimed":   "Une intervenante ou un intervenant s'occupe maintenant de votre demande et vous écrira ici.",
		"handoff_worker":    "Intervenante ou intervenant :\n%s",
		"handoff_kb":        "Votre intervenante ou intervenant vous envoie cette information :",
		"handoff_closed":    "Votre intervenante ou intervenant a fermé cette conversation. Vous êtes de retour avec newcomerbot : posez-moi vos questions, ou tapez /human pour parler de nouveau à une personne.\nCette aide vous a-t-elle été utile? Touchez 1 (pas du tout) à 5 (beaucoup).",
		"handoff_open":      "Vous êtes en contact avec une intervenante ou un intervenant : ce que vous écrivez ici lui est transmis. Tapez /cancel pour revenir au robot.",
		"handoff_cancelled": "D'accord, j'ai retiré votre demande. Vous êtes de retour avec le robot.",
		"rated":             "Merci pour votre note!",
		"hours_describe":    "%s, de %s à %s (heure de %s)",
		"hours_open":        "Nos intervenantes et intervenants travaillent en ce moment (%s) : une personne devrait vous répondre bientôt.",
		"hours_closed":      "Nos intervenantes et intervenants répondent %s; %s, attendez-vous donc à une réponse %s.",
		"hours_now_time":    "il est %s ce %s",
		"hours_now_day":     "nous sommes %s",
		"when_today":        "aujourd'hui à partir de %s",
		"when_tomorrow":     "demain (%s) à partir de %s",
		"when_day":          "%s à partir de %s",
		"days_all":          "tous les jours",
		"days_one":          "le %s",
		"days_range":        "du %s au %s",
		"and":               " et ",
	},
	"es": {
		"abroad":       "Mi información es sobre cómo establecerse en Canadá, así que no puedo responder preguntas sobre servicios o reglas de otro país. Si se refería a Canadá, toque el tema de abajo o pregunte de nuevo diciendo dónde vive en Canadá. También puede hablar con un trabajador de asentamiento (escriba /human).",
		"greeting":     "¡Hola! Pregúntame sobre la vida en Canadá: tarjeta de salud, SIN, vivienda, trabajo, clases de inglés o francés, escuela, impuestos y más.",
		"thanks":       "¡De nada! Pregúntame lo que quieras.",
		"fallback":     "Lo siento, todavía no tengo una buena respuesta para eso. Puede hablar con un trabajador de asentamiento (escriba /human) o llamar o enviar un texto al 211 (https://211.ca) para encontrar servicios locales en su idioma.",
		"handoff":      "Pasaré su conversación a un trabajador de asentamiento, una persona real. Compartiré su idioma, su provincia, el tema y sus últimos mensajes, pero no su nombre. Si está de acuerdo, toque \"Sí, conécteme\".",
		"translated":   "Este texto fue traducido automáticamente y aún no ha sido revisado. Un trabajador de asentamiento puede ayudarle en su idioma: escriba /human.",
		"english_note": "Todavía no tengo esta respuesta en su idioma, así que aquí está en inglés. Un trabajador de asentamiento puede ayudarle en español: escriba /human.",
		"btn_person":   "Hablar con una persona",
		"empty":        "Solo puedo leer texto. Escriba su pregunta con palabras, por favor.",
	},
	"ar": {
		"abroad":       "معلوماتي عن الاستقرار في كندا، لذلك لا أستطيع الإجابة عن أسئلة حول الخدمات أو القوانين في بلد آخر. إذا كنت تقصد كندا، اضغط على الموضوع أدناه أو اسأل مرة أخرى واذكر مكان سكنك في كندا. يمكنك أيضا التحدث مع موظف توطين (اكتب /human).",
		"greeting":     "مرحبا! اسألني عن الحياة في كندا: بطاقة الصحة، رقم التأمين الاجتماعي SIN، السكن، العمل، دروس الإنجليزية أو الفرنسية، المدرسة، الضرائب والمزيد.",
		"thanks":       "على الرحب والسعة! اسألني أي شيء آخر.",
		"fallback":     "عذرا، ليس لدي إجابة جيدة عن هذا بعد. يمكنك التحدث مع موظف توطين (اكتب /human) أو الاتصال أو إرسال رسالة إلى 211 (https://211.ca) للعثور على خدمات محلية بلغتك.",
		"handoff":      "سأحوّل محادثتك إلى موظف توطين، شخص حقيقي. سأشارك لغتك ومقاطعتك والموضوع ورسائلك الأخيرة، ولكن ليس اسمك. إذا كنت موافقا، اضغط \"نعم، صِلني\".",
		"translated":   "تمت ترجمة هذا النص آليا ولم تتم مراجعته بعد. يمكن لموظف التوطين مساعدتك بلغتك: اكتب /human.",
		"english_note": "ليست لدي هذه الإجابة بلغتك بعد، فهذه هي بالإنجليزية. يمكن لموظف التوطين مساعدتك بلغتك: اكتب /human.",
		"btn_person":   "التحدث مع شخص",
	},
	"fa": {
		"abroad":       "اطلاعات من درباره اسکان در کانادا است، بنابراین نمی‌توانم به سؤال‌هایی درباره خدمات یا قوانین کشورهای دیگر پاسخ دهم. اگر منظورتان کانادا بود، روی موضوع زیر بزنید یا دوباره بپرسید و بگویید کجای کانادا زندگی می‌کنید. همچنین می‌توانید با یک مشاور اسکان صحبت کنید (بنویسید /human).",
		"greeting":     "سلام! از من درباره زندگی در کانادا بپرسید: کارت سلامت، شماره SIN، مسکن، کار، کلاس زبان، مدرسه، مالیات و بیشتر.",
		"thanks":       "خواهش می‌کنم! هر سؤال دیگری دارید بپرسید.",
		"fallback":     "متأسفم، هنوز پاسخ خوبی برای این سؤال ندارم. می‌توانید با یک مشاور اسکان صحبت کنید (بنویسید /human) یا با 211 تماس بگیرید یا پیامک بزنید (https://211.ca) تا خدمات محلی به زبان خودتان پیدا کنید.",
		"handoff":      "گفتگوی شما را به یک مشاور اسکان، یک انسان واقعی، می‌سپارم. زبان، استان، موضوع و پیام‌های اخیر شما را به اشتراک می‌گذارم، اما نه نام شما را. اگر موافقید، «بله، وصلم کن» را بزنید.",
		"translated":   "این متن به‌طور خودکار ترجمه شده و هنوز بررسی نشده است. یک مشاور اسکان می‌تواند به زبان شما کمک کند: بنویسید /human.",
		"english_note": "هنوز این پاسخ را به زبان شما ندارم، پس اینجا به انگلیسی است. یک مشاور اسکان می‌تواند به زبان شما کمک کند: بنویسید /human.",
		"btn_person":   "صحبت با یک انسان",
	},
	"uk": {
		"abroad":       "Моя інформація стосується облаштування в Канаді, тому я не можу відповідати на запитання про послуги чи правила в іншій країні. Якщо ви мали на увазі Канаду, натисніть тему нижче або запитайте знову й вкажіть, де ви живете в Канаді. Ви також можете поговорити з працівником з питань поселення (напишіть /human).",
		"greeting":     "Привіт! Запитайте мене про життя в Канаді: медична картка, SIN, житло, робота, курси англійської чи французької, школа, податки тощо.",
		"thanks":       "Будь ласка! Питайте що завгодно.",
		"fallback":     "Вибачте, я поки не маю доброї відповіді на це. Ви можете поговорити з працівником з питань поселення (напишіть /human) або зателефонувати чи написати на 211 (https://211.ca), щоб знайти місцеві послуги вашою мовою.",
		"handoff":      "Я передам вашу розмову працівнику з питань поселення, живій людині. Я передам вашу мову, провінцію, тему та останні повідомлення, але не ваше ім'я. Якщо згодні, натисніть «Так, з'єднайте мене».",
		"translated":   "Цей текст перекладено автоматично, і його ще не перевірено. Працівник з питань поселення може допомогти вашою мовою: напишіть /human.",
		"english_note": "Я ще не маю цієї відповіді вашою мовою, тому ось вона англійською. Працівник може допомогти вашою мовою: напишіть /human.",
		"btn_person":   "Поговорити з людиною",
	},
	"zh": {
		"abroad":       "我的信息是关于在加拿大安顿生活的，所以无法回答关于其他国家的服务或规定的问题。如果您指的是加拿大，请点击下面的主题，或重新提问并说明您住在加拿大哪里。您也可以和安置服务人员联系（输入 /human）。",
		"greeting":     "你好！可以问我关于在加拿大生活的问题：医疗卡、社会保险号（SIN）、住房、工作、英语或法语课、学校、报税等。",
		"thanks":       "不客气！有其他问题随时问我。",
		"fallback":     "抱歉，我还没有这个问题的好答案。您可以和安置服务人员联系（输入 /human），或拨打或发短信到 211（https://211.ca）查找用您的语言提供的本地服务。",
		"handoff":      "我会把您的对话转给一位安置服务人员（真人）。我会分享您的语言、省份、话题和最近的消息，但不会分享您的名字。如果同意，请点击“是的，帮我联系”。",
		"translated":   "此文本为自动翻译，尚未经过审核。安置服务人员可以用您的语言帮助您：输入 /human。",
		"english_note": "我还没有您语言的这个答案，以下是英文。安置服务人员可以用您的语言帮助您：输入 /human。",
		"btn_person":   "与真人交谈",
	},
	"pa": {
		"abroad":       "ਮੇਰੀ ਜਾਣਕਾਰੀ ਕੈਨੇਡਾ ਵਿੱਚ ਵਸਣ ਬਾਰੇ ਹੈ, ਇਸ ਲਈ ਮੈਂ ਕਿਸੇ ਹੋਰ ਦੇਸ਼ ਦੀਆਂ ਸੇਵਾਵਾਂ ਜਾਂ ਨਿਯਮਾਂ ਬਾਰੇ ਸਵਾਲਾਂ ਦੇ ਜਵਾਬ ਨਹੀਂ ਦੇ ਸਕਦਾ। ਜੇ ਤੁਹਾਡਾ ਮਤਲਬ ਕੈਨੇਡਾ ਸੀ, ਤਾਂ ਹੇਠਾਂ ਦਿੱਤੇ ਵਿਸ਼ੇ 'ਤੇ ਟੈਪ ਕਰੋ ਜਾਂ ਦੁਬਾਰਾ ਪੁੱਛੋ ਅਤੇ ਦੱਸੋ ਕਿ ਤੁਸੀਂ ਕੈਨੇਡਾ ਵਿੱਚ ਕਿੱਥੇ ਰਹਿੰਦੇ ਹੋ। ਤੁਸੀਂ ਸੈਟਲਮੈਂਟ ਵਰਕਰ ਨਾਲ ਵੀ ਗੱਲ ਕਰ ਸਕਦੇ ਹੋ (/human ਲਿਖੋ)।",
		"greeting":     "ਸਤ ਸ੍ਰੀ ਅਕਾਲ! ਮੈਨੂੰ ਕੈਨੇਡਾ ਵਿੱਚ ਜ਼ਿੰਦਗੀ ਬਾਰੇ ਪੁੱਛੋ: ਹੈਲਥ ਕਾਰਡ, SIN, ਘਰ, ਨੌਕਰੀ, ਅੰਗਰੇਜ਼ੀ ਕਲਾਸਾਂ, ਸਕੂਲ, ਟੈਕਸ ਅਤੇ ਹੋਰ।",
		"thanks":       "ਕੋਈ ਗੱਲ ਨਹੀਂ! ਹੋਰ ਕੁਝ ਵੀ ਪੁੱਛੋ।",
		"fallback":     "ਮਾਫ਼ ਕਰਨਾ, ਮੇਰੇ ਕੋਲ ਇਸ ਦਾ ਚੰਗਾ ਜਵਾਬ ਅਜੇ ਨਹੀਂ ਹੈ। ਤੁਸੀਂ ਸੈਟਲਮੈਂਟ ਵਰਕਰ ਨਾਲ ਗੱਲ ਕਰ ਸਕਦੇ ਹੋ (/human ਲਿਖੋ) ਜਾਂ ਆਪਣੀ ਭਾਸ਼ਾ ਵਿੱਚ ਸਥਾਨਕ ਸੇਵਾਵਾਂ ਲਈ 211 ਨੂੰ ਕਾਲ ਜਾਂ ਟੈਕਸਟ ਕਰੋ (https://211.ca)।",
		"handoff":      "ਮੈਂ ਤੁਹਾਡੀ ਗੱਲਬਾਤ ਇੱਕ ਸੈਟਲਮੈਂਟ ਵਰਕਰ (ਅਸਲੀ ਵਿਅਕਤੀ) ਨੂੰ ਭੇਜਾਂਗਾ। ਮੈਂ ਤੁਹਾਡੀ ਭਾਸ਼ਾ, ਸੂਬਾ, ਵਿਸ਼ਾ ਅਤੇ ਆਖਰੀ ਸੁਨੇਹੇ ਸਾਂਝੇ ਕਰਾਂਗਾ, ਪਰ ਤੁਹਾਡਾ ਨਾਮ ਨਹੀਂ। ਜੇ ਠੀਕ ਹੈ ਤਾਂ \"ਹਾਂ, ਮੈਨੂੰ ਜੋੜੋ\" ਦਬਾਓ।",
		"translated":   "ਇਹ ਲਿਖਤ ਆਪਣੇ ਆਪ ਅਨੁਵਾਦ ਕੀਤੀ ਗਈ ਹੈ ਅਤੇ ਅਜੇ ਜਾਂਚੀ ਨਹੀਂ ਗਈ। ਸੈਟਲਮੈਂਟ ਵਰਕਰ ਤੁਹਾਡੀ ਭਾਸ਼ਾ ਵਿੱਚ ਮਦਦ ਕਰ ਸਕਦਾ ਹੈ: /human ਲਿਖੋ।",
		"english_note": "ਮੇਰੇ ਕੋਲ ਇਹ ਜਵਾਬ ਅਜੇ ਤੁਹਾਡੀ ਭਾਸ਼ਾ ਵਿੱਚ ਨਹੀਂ ਹੈ, ਇਸ ਲਈ ਇਹ ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ ਹੈ। ਸੈਟਲਮੈਂਟ ਵਰਕਰ ਮਦਦ ਕਰ ਸਕਦਾ ਹੈ: /human ਲਿਖੋ।",
		"btn_person":   "ਕਿਸੇ ਵਿਅਕਤੀ ਨਾਲ ਗੱਲ ਕਰੋ",
	},
	"tl": {
		"abroad":       "Ang impormasyon ko ay tungkol sa pag-settle sa Canada, kaya hindi ko masasagot ang mga tanong tungkol sa serbisyo o patakaran sa ibang bansa. Kung Canada ang ibig ninyong sabihin, pindutin ang paksa sa ibaba o magtanong ulit at sabihin kung saan kayo nakatira sa Canada. Maaari rin kayong makipag-usap sa isang settlement worker (i-type ang /human).",
		"greeting":     "Kumusta! Magtanong tungkol sa buhay sa Canada: health card, SIN, pabahay, trabaho, English o French classes, paaralan, buwis at iba pa.",
		"thanks":       "Walang anuman! Magtanong lang ulit kahit kailan.",
		"fallback":     "Pasensya, wala pa akong magandang sagot diyan. Maaari kayong makipag-usap sa isang settlement worker (i-type ang /human) o tumawag o mag-text sa 211 (https://211.ca) para makahanap ng lokal na serbisyo sa inyong wika.",
		"handoff":      "Ipapasa ko ang usapan sa isang settlement worker, isang totoong tao. Ibabahagi ko ang inyong wika, probinsya, paksa at mga huling mensahe, pero hindi ang inyong pangalan. Kung payag kayo, pindutin ang \"Oo, ikonekta ako\".",
		"translated":   "Awtomatikong isinalin ang tekstong ito at hindi pa nasusuri. Matutulungan kayo ng settlement worker sa inyong wika: i-type ang /human.",
		"english_note": "Wala pa akong sagot na ito sa inyong wika, kaya narito sa Ingles. Matutulungan kayo ng settlement worker: i-type ang /human.",
		"btn_person":   "Makipag-usap sa tao",
	},
}

// msg returns the sentence key in lang, falling back to English.
func msg(lang, key string, args ...any) string {
	s, ok := messages[lang][key]
	if !ok {
		s = messages["en"][key]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// hasMsg reports whether lang has its own sentence for key.
func hasMsg(lang, key string) bool {
	_, ok := messages[lang][key]
	return ok
}

var monthNames = map[string][]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

// dayNames are the days of the week by time.Weekday, for office hours.
var dayNames = map[string][]string{
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	"fr": {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
}

// languageNames are shown on the language buttons, each in its own language.
var languageNames = []struct{ Code, Name string }{
	{"en", "English"}, {"fr", "Français"}, {"ar", "العربية"}, {"es", "Español"}, {"uk", "Українська"},
	{"zh", "中文"}, {"pa", "ਪੰਜਾਬੀ"}, {"tl", "Tagalog"}, {"fa", "فارسی"},
}

var regionNames = map[string]string{
	"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick", "NL": "Newfoundland and Labrador",
	"NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island",
	"QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}
