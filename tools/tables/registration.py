# Reviewed translations of the registration domain's strings (tools/translate.py input).
# Formal parliamentary register; session = séance / sesión / الجلسة,
# registration = inscription / inscripción / التسجيل.
TRANSLATIONS = {
    "%(title)s: Session %(number)s": {
        "fr": "%(title)s : séance %(number)s",
        "es": "%(title)s: sesión %(number)s",
        "ar": "%(title)s: الجلسة %(number)s",
    },
    "(none)": {"fr": "(aucun)", "es": "(ninguno)", "ar": "(بدون لقب)"},
    "A calendar file for each session is attached to this email.": {
        "fr": "Un fichier de calendrier est joint au présent message pour chaque séance.",
        "es": "Se adjunta a este mensaje un archivo de calendario para cada sesión.",
        "ar": "أُرفق بهذه الرسالة ملف تقويم لكل جلسة.",
    },
    "A calendar file for the session is attached to this email.": {
        "fr": "Le fichier de calendrier de la séance est joint au présent message.",
        "es": "Se adjunta a este mensaje el archivo de calendario de la sesión.",
        "ar": "أُرفق بهذه الرسالة ملف التقويم الخاص بالجلسة.",
    },
    'A confirmation has been sent to <bdi dir="ltr">%(email)s</bdi>.': {
        "fr": 'Une confirmation a été envoyée à l’adresse <bdi dir="ltr">%(email)s</bdi>.',
        "es": 'Se ha enviado una confirmación a <bdi dir="ltr">%(email)s</bdi>.',
        "ar": 'أُرسل تأكيد إلى العنوان <bdi dir="ltr">%(email)s</bdi>.',
    },
    "A listening language was given for session %(number)s, which is not chosen.": {
        "fr": "Une langue d’écoute a été indiquée pour la séance %(number)s, qui n’a pas été choisie.",
        "es": "Se ha indicado un idioma de escucha para la sesión %(number)s, que no ha sido elegida.",
        "ar": "حُددت لغة استماع للجلسة %(number)s، غير أن هذه الجلسة لم تُختر.",
    },
    "A place has become free and is now yours for “%(title)s”.": {
        "fr": "Une place s’est libérée et vous est désormais attribuée pour « %(title)s ».",
        "es": "Se ha liberado una plaza y ahora le corresponde a usted para «%(title)s».",
        "ar": "شَغَر مقعد وأصبح مخصصاً لكم في «%(title)s».",
    },
    "A place is now yours: %(title)s": {
        "fr": "Une place vous est attribuée : %(title)s",
        "es": "Se le ha asignado una plaza: %(title)s",
        "ar": "خُصص لكم مقعد: %(title)s",
    },
    "About you": {"fr": "Vos coordonnées", "es": "Sus datos", "ar": "بياناتكم"},
    "Accessibility needs (optional)": {
        "fr": "Besoins en matière d’accessibilité (facultatif)",
        "es": "Necesidades de accesibilidad (opcional)",
        "ar": "احتياجات إمكانية الوصول (اختياري)",
    },
    "Added session %(number)s (listening in %(language)s).": {
        "fr": "Séance %(number)s ajoutée (écoute en %(language)s).",
        "es": "Sesión %(number)s añadida (escucha en %(language)s).",
        "ar": "أُضيفت الجلسة %(number)s (الاستماع باللغة %(language)s).",
    },
    "As requested, here is your personal link for “%(title)s”.": {
        "fr": "Comme vous l’avez demandé, voici votre lien personnel pour « %(title)s ».",
        "es": "Conforme a su solicitud, le enviamos su enlace personal para «%(title)s».",
        "ar": "بناءً على طلبكم، نرسل إليكم رابطكم الشخصي الخاص بـ«%(title)s».",
    },
    "Automatic": {"fr": "Automatique", "es": "Automático", "ar": "تلقائي"},
    "Cancel my registration": {
        "fr": "Annuler mon inscription", "es": "Cancelar mi inscripción", "ar": "إلغاء تسجيلي",
    },
    "Cancel your registration": {
        "fr": "Annuler votre inscription", "es": "Cancelar su inscripción", "ar": "إلغاء التسجيل",
    },
    "Change your sessions or listening language": {
        "fr": "Modifier vos séances ou votre langue d’écoute",
        "es": "Modificar sus sesiones o su idioma de escucha",
        "ar": "تغيير الجلسات أو لغة الاستماع",
    },
    "Change your time zone": {
        "fr": "Modifier votre fuseau horaire", "es": "Modificar su huso horario",
        "ar": "تغيير المنطقة الزمنية",
    },
    "Choose one or more sessions.": {
        "fr": "Choisissez une ou plusieurs séances.", "es": "Elija una o varias sesiones.",
        "ar": "يُرجى اختيار جلسة واحدة أو أكثر.",
    },
    "Choose your country": {"fr": "Choisissez votre pays", "es": "Elija su país", "ar": "اختاروا بلدكم"},
    "Choose your role": {"fr": "Choisissez votre fonction", "es": "Elija su función", "ar": "اختاروا صفتكم"},
    "Country": {"fr": "Pays", "es": "País", "ar": "البلد"},
    "Dear %(name)s,": {
        "fr": "Bonjour %(name)s,",
        "es": "Estimado(a) %(name)s:",
        "ar": "حضرة %(name)s المحترم/المحترمة،",
    },
    "Do you really want to cancel your registration for every session? Your place may be given to someone on the waiting list.": {
        "fr": "Souhaitez-vous vraiment annuler votre inscription à toutes les séances ? Votre place pourra être attribuée à une personne inscrite sur la liste d’attente.",
        "es": "¿Desea realmente cancelar su inscripción en todas las sesiones? Su plaza podrá asignarse a una persona de la lista de espera.",
        "ar": "هل تودون حقاً إلغاء تسجيلكم في جميع الجلسات؟ قد يُمنح مقعدكم لشخص مدرج في قائمة الانتظار.",
    },
    "Dr": {"fr": "Dr", "es": "Dr.", "ar": "د."},
    "Email address": {"fr": "Adresse électronique", "es": "Correo electrónico", "ar": "البريد الإلكتروني"},
    "Email me this link again": {
        "fr": "M’envoyer à nouveau ce lien", "es": "Enviarme de nuevo este enlace",
        "ar": "أرسلوا إليّ هذا الرابط مجدداً",
    },
    "Family name": {"fr": "Nom de famille", "es": "Apellido(s)", "ar": "اسم العائلة"},
    "For example captions, sign language or a screen reader. Optional.": {
        "fr": "Par exemple sous-titres, langue des signes ou lecteur d’écran. Facultatif.",
        "es": "Por ejemplo, subtítulos, lengua de señas o lector de pantalla. Opcional.",
        "ar": "مثل الترجمة النصية أو لغة الإشارة أو قارئ الشاشة. اختياري.",
    },
    "Given name": {"fr": "Prénom", "es": "Nombre", "ar": "الاسم الأول"},
    "H.E.": {"fr": "S.E.", "es": "Excmo./Excma.", "ar": "سعادة"},
    "History": {"fr": "Historique", "es": "Historial", "ar": "السجل"},
    "Hon.": {"fr": "L’hon.", "es": "Hon.", "ar": "معالي"},
    "How long we keep it": {
        "fr": "Durée de conservation", "es": "Plazo de conservación", "ar": "مدة الاحتفاظ بالبيانات",
    },
    "I agree to the processing of my personal data as described in the privacy notice.": {
        "fr": "J’accepte le traitement de mes données personnelles tel que décrit dans la notice de confidentialité.",
        "es": "Acepto el tratamiento de mis datos personales conforme al aviso de privacidad.",
        "ar": "أوافق على معالجة بياناتي الشخصية على النحو المبين في إشعار الخصوصية.",
    },
    "IPU secretariat": {"fr": "Secrétariat de l’UIP", "es": "Secretaría de la UIP", "ar": "أمانة الاتحاد البرلماني الدولي"},
    "If nothing arrives within a few minutes, please check your spam folder or contact the organisers.": {
        "fr": "Si vous ne recevez rien dans les prochaines minutes, veuillez vérifier votre dossier de courrier indésirable ou contacter les organisateurs.",
        "es": "Si no recibe nada en los próximos minutos, le rogamos que revise su carpeta de correo no deseado o se ponga en contacto con los organizadores.",
        "ar": "إذا لم تصلكم الرسالة خلال دقائق، يُرجى التحقق من مجلد البريد غير المرغوب فيه أو الاتصال بالجهة المنظمة.",
    },
    "Join the webinar": {"fr": "Rejoindre le webinaire", "es": "Unirse al seminario web", "ar": "الانضمام إلى الندوة عبر الإنترنت"},
    "Links sent to you earlier no longer work.": {
        "fr": "Les liens qui vous ont été envoyés précédemment ne fonctionnent plus.",
        "es": "Los enlaces que se le enviaron anteriormente ya no funcionan.",
        "ar": "لم تعد الروابط المرسلة إليكم سابقاً صالحة.",
    },
    "Listening language": {"fr": "Langue d’écoute", "es": "Idioma de escucha", "ar": "لغة الاستماع"},
    "Listening language for session %(number)s": {
        "fr": "Langue d’écoute pour la séance %(number)s",
        "es": "Idioma de escucha para la sesión %(number)s",
        "ar": "لغة الاستماع في الجلسة %(number)s",
    },
    "Listening language:": {"fr": "Langue d’écoute :", "es": "Idioma de escucha:", "ar": "لغة الاستماع:"},
    "Member of parliament": {"fr": "Parlementaire", "es": "Miembro del parlamento", "ar": "عضو في البرلمان"},
    "Mr": {"fr": "M.", "es": "Sr.", "ar": "السيد"},
    "Ms": {"fr": "Mme", "es": "Sra.", "ar": "السيدة"},
    "Mx": {"fr": "Mx", "es": "Mx.", "ar": "حضرة"},
    "Name": {"fr": "Nom", "es": "Nombre", "ar": "الاسم"},
    "New personal link created.": {
        "fr": "Nouveau lien personnel créé.", "es": "Se ha creado un nuevo enlace personal.",
        "ar": "أُنشئ رابط شخصي جديد.",
    },
    "Next step: register on Zoom to receive your link to join.": {
        "fr": "Prochaine étape : inscrivez-vous sur Zoom pour recevoir votre lien de connexion.",
        "es": "Próximo paso: inscríbase en Zoom para recibir su enlace de conexión.",
        "ar": "الخطوة التالية: يُرجى التسجيل على منصة Zoom لتلقي رابط الانضمام الخاص بكم.",
    },
    "Next step: register on Zoom to receive your link to join:": {
        "fr": "Prochaine étape : inscrivez-vous sur Zoom pour recevoir votre lien de connexion :",
        "es": "Próximo paso: inscríbase en Zoom para recibir su enlace de conexión:",
        "ar": "الخطوة التالية: يُرجى التسجيل على منصة Zoom لتلقي رابط الانضمام الخاص بكم:",
    },
    "No, keep my registration": {
        "fr": "Non, conserver mon inscription", "es": "No, mantener mi inscripción", "ar": "لا، أبقوا على تسجيلي",
    },
    "Nothing was changed.": {"fr": "Aucune modification n’a été apportée.", "es": "No se ha realizado ningún cambio.", "ar": "لم يُجرَ أي تغيير."},
    "Only the staff of the IPU secretariat who organise the meeting. To register you for the webinar, your name and email address are also passed to Zoom Video Communications, which processes them under its own privacy statement. We do not sell your data or share it with anyone else.": {
        "fr": "Seuls les membres du Secrétariat de l’UIP chargés de l’organisation de la réunion. Pour vous inscrire au webinaire, vos nom et adresse électronique sont également transmis à Zoom Video Communications, qui les traite conformément à sa propre déclaration de confidentialité. Nous ne vendons pas vos données et ne les communiquons à personne d’autre.",
        "es": "Únicamente el personal de la Secretaría de la UIP encargado de organizar la reunión. Para inscribirle en el seminario web, su nombre y su dirección de correo electrónico se comunican también a Zoom Video Communications, que los trata conforme a su propia declaración de privacidad. No vendemos sus datos ni los compartimos con nadie más.",
        "ar": "لا يطّلع عليها إلا موظفو أمانة الاتحاد البرلماني الدولي المكلفون بتنظيم الاجتماع. ولتسجيلكم في الندوة عبر الإنترنت، يُحال اسمكم وعنوان بريدكم الإلكتروني أيضاً إلى شركة Zoom Video Communications التي تعالجهما وفقاً لبيان الخصوصية الخاص بها. ولا نبيع بياناتكم ولا نتقاسمها مع أي جهة أخرى.",
    },
    "Other": {"fr": "Autre", "es": "Otra", "ar": "أخرى"},
    "Parliament, chamber or organisation": {
        "fr": "Parlement, chambre ou organisation", "es": "Parlamento, cámara u organización",
        "ar": "البرلمان أو المجلس أو المنظمة",
    },
    "Parliamentary staff": {"fr": "Personnel parlementaire", "es": "Personal parlamentario", "ar": "موظف برلماني"},
    "Personal link emailed.": {
        "fr": "Lien personnel envoyé par courrier électronique.",
        "es": "Enlace personal enviado por correo electrónico.",
        "ar": "أُرسل الرابط الشخصي بالبريد الإلكتروني.",
    },
    "Please agree to the privacy notice: we cannot register you without it.": {
        "fr": "Veuillez accepter la notice de confidentialité : nous ne pouvons pas vous inscrire sans cela.",
        "es": "Le rogamos que acepte el aviso de privacidad: sin ello no podemos inscribirle.",
        "ar": "يُرجى الموافقة على إشعار الخصوصية، إذ لا يمكننا تسجيلكم من دون ذلك.",
    },
    "Please check your email": {
        "fr": "Veuillez consulter votre messagerie", "es": "Consulte su correo electrónico",
        "ar": "يُرجى الاطلاع على بريدكم الإلكتروني",
    },
    "Please choose a country from the list.": {
        "fr": "Veuillez choisir un pays dans la liste.", "es": "Le rogamos que elija un país de la lista.",
        "ar": "يُرجى اختيار بلد من القائمة.",
    },
    "Please choose a language from the list.": {
        "fr": "Veuillez choisir une langue dans la liste.", "es": "Le rogamos que elija un idioma de la lista.",
        "ar": "يُرجى اختيار لغة من القائمة.",
    },
    "Please choose a role from the list.": {
        "fr": "Veuillez choisir une fonction dans la liste.", "es": "Le rogamos que elija una función de la lista.",
        "ar": "يُرجى اختيار صفة من القائمة.",
    },
    "Please choose a time zone from the list.": {
        "fr": "Veuillez choisir un fuseau horaire dans la liste.",
        "es": "Le rogamos que elija un huso horario de la lista.",
        "ar": "يُرجى اختيار منطقة زمنية من القائمة.",
    },
    "Please choose a title from the list.": {
        "fr": "Veuillez choisir un titre dans la liste.", "es": "Le rogamos que elija un tratamiento de la lista.",
        "ar": "يُرجى اختيار لقب من القائمة.",
    },
    "Please choose at least one session.": {
        "fr": "Veuillez choisir au moins une séance.", "es": "Le rogamos que elija al menos una sesión.",
        "ar": "يُرجى اختيار جلسة واحدة على الأقل.",
    },
    "Please choose sessions from the list.": {
        "fr": "Veuillez choisir des séances dans la liste.", "es": "Le rogamos que elija sesiones de la lista.",
        "ar": "يُرجى اختيار الجلسات من القائمة.",
    },
    "Please choose your country.": {
        "fr": "Veuillez choisir votre pays.", "es": "Le rogamos que elija su país.", "ar": "يُرجى اختيار بلدكم.",
    },
    "Please choose your role.": {
        "fr": "Veuillez choisir votre fonction.", "es": "Le rogamos que elija su función.", "ar": "يُرجى اختيار صفتكم.",
    },
    "Please choose your time zone.": {
        "fr": "Veuillez choisir votre fuseau horaire.", "es": "Le rogamos que elija su huso horario.",
        "ar": "يُرجى اختيار منطقتكم الزمنية.",
    },
    "Please correct the fields marked below. Nothing has been saved yet.": {
        "fr": "Veuillez corriger les champs signalés ci-dessous. Rien n’a encore été enregistré.",
        "es": "Le rogamos que corrija los campos señalados a continuación. Todavía no se ha guardado nada.",
        "ar": "يُرجى تصحيح الحقول المشار إليها أدناه. لم يُحفظ أي شيء بعد.",
    },
    "Please enter a valid email address, for example name@parliament.org.": {
        "fr": "Veuillez indiquer une adresse électronique valide, par exemple nom@parlement.org.",
        "es": "Le rogamos que indique una dirección de correo electrónico válida, por ejemplo nombre@parlamento.org.",
        "ar": "يُرجى إدخال عنوان بريد إلكتروني صحيح، مثل name@parliament.org.",
    },
    "Please enter your email address.": {
        "fr": "Veuillez indiquer votre adresse électronique.",
        "es": "Le rogamos que indique su dirección de correo electrónico.",
        "ar": "يُرجى إدخال عنوان بريدكم الإلكتروني.",
    },
    "Please enter your family name.": {
        "fr": "Veuillez indiquer votre nom de famille.", "es": "Le rogamos que indique su apellido.",
        "ar": "يُرجى إدخال اسم العائلة.",
    },
    "Please enter your given name.": {
        "fr": "Veuillez indiquer votre prénom.", "es": "Le rogamos que indique su nombre.",
        "ar": "يُرجى إدخال الاسم الأول.",
    },
    "Please enter your parliament, chamber or organisation.": {
        "fr": "Veuillez indiquer votre parlement, votre chambre ou votre organisation.",
        "es": "Le rogamos que indique su parlamento, cámara u organización.",
        "ar": "يُرجى إدخال اسم البرلمان أو المجلس أو المنظمة.",
    },
    "Please remove tabs, line breaks and other control characters.": {
        "fr": "Veuillez supprimer les tabulations, sauts de ligne et autres caractères de contrôle.",
        "es": "Le rogamos que elimine las tabulaciones, los saltos de línea y demás caracteres de control.",
        "ar": "يُرجى حذف علامات الجدولة وفواصل الأسطر وغيرها من رموز التحكم.",
    },
    "Privacy notice": {"fr": "Notice de confidentialité", "es": "Aviso de privacidad", "ar": "إشعار الخصوصية"},
    "Prof.": {"fr": "Pr", "es": "Prof.", "ar": "الأستاذ الدكتور"},
    "Register": {"fr": "S’inscrire", "es": "Inscribirse", "ar": "التسجيل"},
    "Register on Zoom to receive your link to join: %(url)s": {
        "fr": "Inscrivez-vous sur Zoom pour recevoir votre lien de connexion : %(url)s",
        "es": "Inscríbase en Zoom para recibir su enlace de conexión: %(url)s",
        "ar": "يُرجى التسجيل على منصة Zoom لتلقي رابط الانضمام: %(url)s",
    },
    "Registered for session(s) %(numbers)s.": {
        "fr": "Inscription à la ou aux séances %(numbers)s.",
        "es": "Inscripción en la(s) sesión(es) %(numbers)s.",
        "ar": "التسجيل في الجلسة (الجلسات) %(numbers)s.",
    },
    "Registration": {"fr": "Inscription", "es": "Inscripción", "ar": "التسجيل"},
    "Registration cancelled.": {"fr": "Inscription annulée.", "es": "Inscripción cancelada.", "ar": "أُلغي التسجيل."},
    "Registration for this event has just closed, or a session you chose is no longer open. Please check the event page.": {
        "fr": "Les inscriptions à cette réunion viennent d’être closes, ou une séance que vous avez choisie n’est plus ouverte. Veuillez consulter la page de la réunion.",
        "es": "La inscripción en esta reunión acaba de cerrarse, o una sesión que ha elegido ya no está abierta. Le rogamos que consulte la página de la reunión.",
        "ar": "أُغلق باب التسجيل في هذا الاجتماع للتو، أو لم تعد إحدى الجلسات التي اخترتموها متاحة. يُرجى الاطلاع على صفحة الاجتماع.",
    },
    "Registration for this event is not open at the moment.": {
        "fr": "Les inscriptions à cette réunion ne sont pas ouvertes pour le moment.",
        "es": "La inscripción en esta reunión no está abierta en este momento.",
        "ar": "باب التسجيل في هذا الاجتماع غير مفتوح حالياً.",
    },
    "Registration is closed": {"fr": "Les inscriptions sont closes", "es": "La inscripción está cerrada", "ar": "باب التسجيل مغلق"},
    "Registration reference: %(ref)s": {
        "fr": "Référence de l’inscription : %(ref)s", "es": "Referencia de la inscripción: %(ref)s",
        "ar": "الرقم المرجعي للتسجيل: %(ref)s",
    },
    "Removed session %(number)s.": {
        "fr": "Séance %(number)s retirée.", "es": "Sesión %(number)s retirada.", "ar": "أُزيلت الجلسة %(number)s.",
    },
    "Role": {"fr": "Fonction", "es": "Función", "ar": "الصفة"},
    "Save changes": {"fr": "Enregistrer les modifications", "es": "Guardar los cambios", "ar": "حفظ التغييرات"},
    "Save time zone": {"fr": "Enregistrer le fuseau horaire", "es": "Guardar el huso horario", "ar": "حفظ المنطقة الزمنية"},
    "Senator": {"fr": "Sénateur / Sénatrice", "es": "Senador(a)", "ar": "عضو مجلس الشيوخ"},
    "Session %(number)s has been cancelled.": {
        "fr": "La séance %(number)s a été annulée.", "es": "La sesión %(number)s ha sido cancelada.",
        "ar": "أُلغيت الجلسة %(number)s.",
    },
    "Session %(number)s is offered in: %(languages)s. Please choose one of these.": {
        "fr": "La séance %(number)s est proposée en : %(languages)s. Veuillez choisir l’une de ces langues.",
        "es": "La sesión %(number)s se ofrece en: %(languages)s. Le rogamos que elija uno de estos idiomas.",
        "ar": "تُتاح الجلسة %(number)s باللغات التالية: %(languages)s. يُرجى اختيار إحداها.",
    },
    "Session %(number)s: a place became free and is now yours.": {
        "fr": "Séance %(number)s : une place s’est libérée et vous est désormais attribuée.",
        "es": "Sesión %(number)s: se ha liberado una plaza que ahora le corresponde.",
        "ar": "الجلسة %(number)s: شَغَر مقعد وأصبح مخصصاً لكم.",
    },
    "Session %(number)s: listening language changed from %(old)s to %(new)s.": {
        "fr": "Séance %(number)s : langue d’écoute modifiée (%(old)s → %(new)s).",
        "es": "Sesión %(number)s: idioma de escucha modificado (de %(old)s a %(new)s).",
        "ar": "الجلسة %(number)s: تغيّرت لغة الاستماع من %(old)s إلى %(new)s.",
    },
    "Someone, probably you, tried to register again for “%(title)s” with this email address. You are already registered; nothing has been changed.": {
        "fr": "Une personne, probablement vous-même, a tenté de s’inscrire à nouveau à « %(title)s » avec cette adresse électronique. Vous êtes déjà inscrit(e) ; aucune modification n’a été apportée.",
        "es": "Alguien, probablemente usted, ha intentado inscribirse de nuevo en «%(title)s» con esta dirección de correo electrónico. Usted ya está inscrito(a); no se ha modificado nada.",
        "ar": "حاول شخص ما، ولعلّه أنتم، التسجيل مجدداً في «%(title)s» بعنوان البريد الإلكتروني هذا. أنتم مسجلون بالفعل، ولم يُغيَّر أي شيء.",
    },
    "Thank you for registering for “%(title)s”.": {
        "fr": "Nous vous remercions de votre inscription à « %(title)s ».",
        "es": "Le agradecemos su inscripción en «%(title)s».",
        "ar": "نشكركم على تسجيلكم في «%(title)s».",
    },
    "The IPU secretariat in Geneva, Switzerland, organises these meetings and is responsible for your data.": {
        "fr": "Le Secrétariat de l’UIP, à Genève (Suisse), organise ces réunions et est responsable de vos données.",
        "es": "La Secretaría de la UIP, con sede en Ginebra (Suiza), organiza estas reuniones y es responsable de sus datos.",
        "ar": "تتولى أمانة الاتحاد البرلماني الدولي في جنيف (سويسرا) تنظيم هذه الاجتماعات، وهي المسؤولة عن بياناتكم.",
    },
    "There is no session %(number)s in this event.": {
        "fr": "La séance %(number)s n’existe pas pour cette réunion.",
        "es": "Esta reunión no tiene una sesión %(number)s.",
        "ar": "لا توجد جلسة رقم %(number)s في هذا الاجتماع.",
    },
    "This form had expired, so nothing was saved. Please check your details and submit it again.": {
        "fr": "Ce formulaire avait expiré : rien n’a été enregistré. Veuillez vérifier vos informations et le soumettre à nouveau.",
        "es": "Este formulario había caducado, por lo que no se ha guardado nada. Le rogamos que revise sus datos y lo envíe de nuevo.",
        "ar": "انتهت صلاحية هذا النموذج، ولذلك لم يُحفظ أي شيء. يُرجى التحقق من بياناتكم وإرسال النموذج مجدداً.",
    },
    "This is too long: please use at most %(max)d characters.": {
        "fr": "C’est trop long : %(max)d caractères au maximum.",
        "es": "Es demasiado largo: %(max)d caracteres como máximo.",
        "ar": "النص طويل جداً: الحد الأقصى %(max)d حرفاً.",
    },
    "This link is not valid": {"fr": "Ce lien n’est pas valide", "es": "Este enlace no es válido", "ar": "هذا الرابط غير صالح"},
    "This link is personal: please do not share it.": {
        "fr": "Ce lien est personnel : veuillez ne pas le communiquer.",
        "es": "Este enlace es personal: le rogamos que no lo comparta.",
        "ar": "هذا الرابط شخصي: يُرجى عدم مشاركته.",
    },
    "This notice explains what the Inter-Parliamentary Union (IPU) does with the personal data you give when you register for one of its virtual meetings.": {
        "fr": "La présente notice explique l’usage que fait l’Union interparlementaire (UIP) des données personnelles que vous communiquez lorsque vous vous inscrivez à l’une de ses réunions virtuelles.",
        "es": "El presente aviso explica el uso que hace la Unión Interparlamentaria (UIP) de los datos personales que usted facilita al inscribirse en una de sus reuniones virtuales.",
        "ar": "يوضح هذا الإشعار كيفية تعامل الاتحاد البرلماني الدولي مع البيانات الشخصية التي تقدمونها عند التسجيل في أحد اجتماعاته عبر الإنترنت.",
    },
    "This personal link does not exist or has been replaced by a newer one. Please use the link in the most recent email you received from us.": {
        "fr": "Ce lien personnel n’existe pas ou a été remplacé par un lien plus récent. Veuillez utiliser le lien figurant dans le dernier message que nous vous avons envoyé.",
        "es": "Este enlace personal no existe o ha sido sustituido por otro más reciente. Le rogamos que utilice el enlace del último mensaje que le hemos enviado.",
        "ar": "هذا الرابط الشخصي غير موجود أو استُبدل برابط أحدث. يُرجى استخدام الرابط الوارد في آخر رسالة أرسلناها إليكم.",
    },
    "This session is held in one language only.": {
        "fr": "Cette séance se déroule dans une seule langue.", "es": "Esta sesión se celebra en un solo idioma.",
        "ar": "تُعقد هذه الجلسة بلغة واحدة فقط.",
    },
    "This session is no longer open. Please choose another.": {
        "fr": "Cette séance n’est plus ouverte. Veuillez en choisir une autre.",
        "es": "Esta sesión ya no está abierta. Le rogamos que elija otra.",
        "ar": "لم تعد هذه الجلسة متاحة. يُرجى اختيار جلسة أخرى.",
    },
    "Time zone changed from %(old)s to %(new)s.": {
        "fr": "Fuseau horaire modifié (%(old)s → %(new)s).",
        "es": "Huso horario modificado (de %(old)s a %(new)s).",
        "ar": "تغيّرت المنطقة الزمنية من %(old)s إلى %(new)s.",
    },
    "Times in your emails and on your page will be shown in this time zone.": {
        "fr": "Les heures figurant dans vos messages et sur votre page seront indiquées dans ce fuseau horaire.",
        "es": "Las horas de sus mensajes y de su página se indicarán en este huso horario.",
        "ar": "ستُعرض المواعيد في رسائلكم وصفحتكم وفق هذه المنطقة الزمنية.",
    },
    "Title": {"fr": "Titre", "es": "Tratamiento", "ar": "اللقب"},
    "To change or cancel your registration, use the personal link from your confirmation email.": {
        "fr": "Pour modifier ou annuler votre inscription, veuillez utiliser le lien personnel figurant dans votre message de confirmation.",
        "es": "Para modificar o cancelar su inscripción, utilice el enlace personal que figura en su mensaje de confirmación.",
        "ar": "لتعديل تسجيلكم أو إلغائه، يُرجى استخدام الرابط الشخصي الوارد في رسالة التأكيد.",
    },
    "To change your sessions, listening language or time zone, or to cancel, use your personal link:": {
        "fr": "Pour modifier vos séances, votre langue d’écoute ou votre fuseau horaire, ou pour annuler votre inscription, veuillez utiliser votre lien personnel :",
        "es": "Para modificar sus sesiones, su idioma de escucha o su huso horario, o para cancelar su inscripción, utilice su enlace personal:",
        "ar": "لتغيير الجلسات أو لغة الاستماع أو المنطقة الزمنية، أو لإلغاء التسجيل، يُرجى استخدام رابطكم الشخصي:",
    },
    "To correct your name or email address, please contact the organisers.": {
        "fr": "Pour corriger votre nom ou votre adresse électronique, veuillez contacter les organisateurs.",
        "es": "Para corregir su nombre o su dirección de correo electrónico, le rogamos que se ponga en contacto con los organizadores.",
        "ar": "لتصحيح الاسم أو عنوان البريد الإلكتروني، يُرجى الاتصال بالجهة المنظمة.",
    },
    'To obtain a copy of your data, or to have them erased before the end of that period, write to <a href="mailto:%(contact)s" dir="ltr">%(contact)s</a> from the email address you registered with. We will reply within one month.': {
        "fr": 'Pour obtenir une copie de vos données ou en demander l’effacement avant la fin de cette période, veuillez écrire à <a href="mailto:%(contact)s" dir="ltr">%(contact)s</a> depuis l’adresse électronique utilisée pour votre inscription. Nous vous répondrons dans un délai d’un mois.',
        "es": 'Para obtener una copia de sus datos o solicitar su supresión antes del final de ese plazo, escriba a <a href="mailto:%(contact)s" dir="ltr">%(contact)s</a> desde la dirección de correo electrónico con la que se inscribió. Le responderemos en el plazo de un mes.',
        "ar": 'للحصول على نسخة من بياناتكم أو طلب محوها قبل انقضاء هذه المدة، يُرجى الكتابة إلى <a href="mailto:%(contact)s" dir="ltr">%(contact)s</a> من عنوان البريد الإلكتروني الذي سجلتم به. وسنرد عليكم في غضون شهر واحد.',
    },
    "To receive a new link, fill in the registration form again with the same email address: nothing will be changed and a new link will be emailed to you.": {
        "fr": "Pour recevoir un nouveau lien, veuillez remplir à nouveau le formulaire d’inscription avec la même adresse électronique : rien ne sera modifié et un nouveau lien vous sera envoyé.",
        "es": "Para recibir un nuevo enlace, rellene de nuevo el formulario de inscripción con la misma dirección de correo electrónico: no se modificará nada y se le enviará un nuevo enlace.",
        "ar": "لتلقي رابط جديد، يُرجى ملء استمارة التسجيل مجدداً بعنوان البريد الإلكتروني نفسه: لن يُغيَّر أي شيء وسيُرسل إليكم رابط جديد.",
    },
    "To register you, to send you your confirmation, your links and any change to the programme, to arrange interpretation and accessibility, and to report on participation in anonymous figures (for example, the number of participants by country and role).": {
        "fr": "Pour vous inscrire, vous envoyer votre confirmation, vos liens et toute modification du programme, organiser l’interprétation et l’accessibilité, et rendre compte de la participation au moyen de chiffres anonymes (par exemple, le nombre de participants par pays et par fonction).",
        "es": "Para inscribirle, enviarle su confirmación, sus enlaces y cualquier cambio en el programa, organizar la interpretación y la accesibilidad, e informar sobre la participación mediante cifras anónimas (por ejemplo, el número de participantes por país y por función).",
        "ar": "لتسجيلكم، وإرسال التأكيد والروابط وأي تغيير في البرنامج إليكم، وترتيب الترجمة الفورية وإمكانية الوصول، والإبلاغ عن المشاركة بأرقام مجهولة الهوية (مثل عدد المشاركين حسب البلد والصفة).",
    },
    "We have emailed this link to you again.": {
        "fr": "Nous vous avons envoyé ce lien à nouveau.", "es": "Le hemos enviado de nuevo este enlace.",
        "ar": "أرسلنا إليكم هذا الرابط مجدداً.",
    },
    "We have sent a message to the address you entered with your personal link to manage your registration. Links sent earlier no longer work.": {
        "fr": "Nous avons envoyé à l’adresse indiquée un message contenant votre lien personnel pour gérer votre inscription. Les liens envoyés précédemment ne fonctionnent plus.",
        "es": "Hemos enviado a la dirección indicada un mensaje con su enlace personal para gestionar su inscripción. Los enlaces enviados anteriormente ya no funcionan.",
        "ar": "أرسلنا إلى العنوان الذي أدخلتموه رسالة تتضمن رابطكم الشخصي لإدارة تسجيلكم. ولم تعد الروابط المرسلة سابقاً صالحة.",
    },
    "We keep your registration for twelve months after the meeting, so that we can report on it and answer your questions. After that, your personal data are erased and only anonymous counts remain.": {
        "fr": "Nous conservons votre inscription pendant douze mois après la réunion, afin de pouvoir en rendre compte et répondre à vos questions. Vos données personnelles sont ensuite effacées et seuls subsistent des chiffres anonymes.",
        "es": "Conservamos su inscripción durante doce meses después de la reunión, a fin de poder informar sobre ella y responder a sus preguntas. Transcurrido ese plazo, sus datos personales se suprimen y solo se conservan cifras anónimas.",
        "ar": "نحتفظ بتسجيلكم لمدة اثني عشر شهراً بعد الاجتماع، لكي نتمكن من إعداد التقارير عنه والرد على استفساراتكم. وبعد ذلك تُمحى بياناتكم الشخصية ولا يبقى سوى أرقام مجهولة الهوية.",
    },
    "We look forward to your participation.": {
        "fr": "Nous nous réjouissons de votre participation.", "es": "Esperamos contar con su participación.",
        "ar": "نتطلع إلى مشاركتكم.",
    },
    'We use your details only to organise this meeting. Read the <a href="%(url)s">privacy notice</a>.': {
        "fr": 'Nous utilisons vos données uniquement pour organiser cette réunion. Consultez la <a href="%(url)s">notice de confidentialité</a>.',
        "es": 'Utilizamos sus datos únicamente para organizar esta reunión. Consulte el <a href="%(url)s">aviso de privacidad</a>.',
        "ar": 'نستخدم بياناتكم لتنظيم هذا الاجتماع فقط. يُرجى الاطلاع على <a href="%(url)s">إشعار الخصوصية</a>.',
    },
    "What": {"fr": "Objet", "es": "Qué", "ar": "الإجراء"},
    "What we collect": {"fr": "Données recueillies", "es": "Datos que recopilamos", "ar": "البيانات التي نجمعها"},
    "When": {"fr": "Date", "es": "Cuándo", "ar": "التاريخ"},
    "Who": {"fr": "Auteur", "es": "Quién", "ar": "الجهة"},
    "Who is responsible": {"fr": "Responsable du traitement", "es": "Responsable del tratamiento", "ar": "الجهة المسؤولة"},
    "Who sees it": {"fr": "Destinataires", "es": "Quién tiene acceso", "ar": "من يطّلع على البيانات"},
    "Why we collect it": {"fr": "Finalités", "es": "Finalidad", "ar": "أغراض جمع البيانات"},
    "With the personal link in your confirmation email you can see, change or cancel your registration at any time.": {
        "fr": "Le lien personnel figurant dans votre message de confirmation vous permet à tout moment de consulter, de modifier ou d’annuler votre inscription.",
        "es": "Con el enlace personal que figura en su mensaje de confirmación puede consultar, modificar o cancelar su inscripción en cualquier momento.",
        "ar": "يتيح لكم الرابط الشخصي الوارد في رسالة التأكيد الاطلاع على تسجيلكم أو تعديله أو إلغاءه في أي وقت.",
    },
    "Yes, cancel my registration": {
        "fr": "Oui, annuler mon inscription", "es": "Sí, cancelar mi inscripción", "ar": "نعم، ألغوا تسجيلي",
    },
    "You": {"fr": "Vous", "es": "Usted", "ar": "أنتم"},
    "You are on the waiting list": {
        "fr": "Vous êtes inscrit(e) sur la liste d’attente", "es": "Usted figura en la lista de espera",
        "ar": "أنتم مدرجون في قائمة الانتظار",
    },
    "You are on the waiting list (position %(position)s). We will email you if a place becomes free.": {
        "fr": "Vous êtes inscrit(e) sur la liste d’attente (rang %(position)s). Nous vous écrirons si une place se libère.",
        "es": "Usted figura en la lista de espera (puesto %(position)s). Le escribiremos si se libera una plaza.",
        "ar": "أنتم مدرجون في قائمة الانتظار (الترتيب %(position)s). وسنراسلكم إذا شَغَر مقعد.",
    },
    "You are registered": {"fr": "Vous êtes inscrit(e)", "es": "Su inscripción está confirmada", "ar": "تم تسجيلكم"},
    "Your confirmation and personal link will be sent to this address.": {
        "fr": "Votre confirmation et votre lien personnel seront envoyés à cette adresse.",
        "es": "Su confirmación y su enlace personal se enviarán a esta dirección.",
        "ar": "سيُرسل التأكيد ورابطكم الشخصي إلى هذا العنوان.",
    },
    "Your details": {"fr": "Vos informations", "es": "Sus datos", "ar": "بياناتكم"},
    "Your link to manage your registration: %(title)s": {
        "fr": "Votre lien pour gérer votre inscription : %(title)s",
        "es": "Su enlace para gestionar su inscripción: %(title)s",
        "ar": "رابطكم لإدارة تسجيلكم: %(title)s",
    },
    "Your personal link": {"fr": "Votre lien personnel", "es": "Su enlace personal", "ar": "رابطكم الشخصي"},
    "Your personal link to join will be emailed to you shortly.": {
        "fr": "Votre lien de connexion personnel vous sera envoyé prochainement.",
        "es": "Su enlace de conexión personal se le enviará en breve.",
        "ar": "سيُرسل إليكم رابط الانضمام الشخصي قريباً.",
    },
    "Your personal link to join:": {
        "fr": "Votre lien de connexion personnel :", "es": "Su enlace de conexión personal:",
        "ar": "رابط الانضمام الشخصي:",
    },
    "Your personal link to join: %(url)s": {
        "fr": "Votre lien de connexion personnel : %(url)s", "es": "Su enlace de conexión personal: %(url)s",
        "ar": "رابط الانضمام الشخصي: %(url)s",
    },
    "Your registration": {"fr": "Votre inscription", "es": "Su inscripción", "ar": "تسجيلكم"},
    "Your registration has been cancelled.": {
        "fr": "Votre inscription a été annulée.", "es": "Su inscripción ha sido cancelada.", "ar": "أُلغي تسجيلكم.",
    },
    "Your registration is cancelled. You can register again for a session below.": {
        "fr": "Votre inscription est annulée. Vous pouvez vous inscrire à nouveau à une séance ci-dessous.",
        "es": "Su inscripción está cancelada. Puede inscribirse de nuevo en una sesión a continuación.",
        "ar": "تسجيلكم ملغى. ويمكنكم التسجيل مجدداً في إحدى الجلسات أدناه.",
    },
    "Your registration: %(title)s": {
        "fr": "Votre inscription : %(title)s", "es": "Su inscripción: %(title)s", "ar": "تسجيلكم: %(title)s",
    },
    "Your rights": {"fr": "Vos droits", "es": "Sus derechos", "ar": "حقوقكم"},
    "Your sessions": {"fr": "Vos séances", "es": "Sus sesiones", "ar": "جلساتكم"},
    "Your sessions have been updated.": {
        "fr": "Vos séances ont été mises à jour.", "es": "Sus sesiones se han actualizado.", "ar": "حُدّثت جلساتكم.",
    },
    "Your time zone": {"fr": "Votre fuseau horaire", "es": "Su huso horario", "ar": "منطقتكم الزمنية"},
    "Your time zone has been updated.": {
        "fr": "Votre fuseau horaire a été mis à jour.", "es": "Su huso horario se ha actualizado.",
        "ar": "حُدّثت منطقتكم الزمنية.",
    },
    "Your title, given and family names, email address, country, parliament, chamber or organisation, and role; the sessions, listening languages and time zone you choose; any accessibility needs you tell us about; and the date on which you accepted this notice. If you take part, Zoom tells us when you joined and left each session.": {
        "fr": "Votre titre, vos prénom et nom de famille, votre adresse électronique, votre pays, votre parlement, chambre ou organisation et votre fonction ; les séances, langues d’écoute et fuseau horaire que vous choisissez ; les besoins en matière d’accessibilité que vous nous signalez ; et la date à laquelle vous avez accepté la présente notice. Si vous participez, Zoom nous indique à quel moment vous avez rejoint et quitté chaque séance.",
        "es": "Su tratamiento, nombre y apellidos, dirección de correo electrónico, país, parlamento, cámara u organización y función; las sesiones, los idiomas de escucha y el huso horario que elija; las necesidades de accesibilidad que nos comunique; y la fecha en que aceptó el presente aviso. Si participa, Zoom nos indica cuándo se unió a cada sesión y cuándo la abandonó.",
        "ar": "لقبكم واسمكم الأول واسم العائلة وعنوان بريدكم الإلكتروني وبلدكم والبرلمان أو المجلس أو المنظمة التي تنتمون إليها وصفتكم؛ والجلسات ولغات الاستماع والمنطقة الزمنية التي تختارونها؛ وأي احتياجات تتعلق بإمكانية الوصول تبلغوننا بها؛ وتاريخ موافقتكم على هذا الإشعار. وإذا شاركتم، تبلغنا منصة Zoom بوقت انضمامكم إلى كل جلسة ومغادرتكم لها.",
    },
}
