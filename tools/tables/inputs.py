"""Reviewed translations of the inputs domain (tools/translate.py tools/tables/inputs.py).
Terms: input = contribution / aportación / مساهمة; compilation = compilation / compilación /
الوثيقة التجميعية; Ad Hoc Committee = Comité spécial / Comité Especial / اللجنة المخصصة."""

T = {}


def t(msgid, fr, es, ar):
    T[msgid] = {"fr": fr, "es": es, "ar": ar}


T["%(count)s input found."] = {
    "fr": ("%(count)s contribution trouvée.", "%(count)s contributions trouvées."),
    "es": ("Se encontró %(count)s aportación.", "Se encontraron %(count)s aportaciones."),
    "ar": ("لم يُعثر على أي مساهمة (%(count)s).", "عُثر على مساهمة واحدة (%(count)s).",
           "عُثر على مساهمتين (%(count)s).", "عُثر على %(count)s مساهمات.",
           "عُثر على %(count)s مساهمة.", "عُثر على %(count)s مساهمة."),
}
t("Add note", "Ajouter la note", "Añadir la nota", "إضافة الملاحظة")
t("All", "Toutes", "Todas", "الكل")
t("All inputs (each counted once)", "Toutes les contributions (chacune comptée une fois)",
  "Todas las aportaciones (cada una contada una vez)", "جميع المساهمات (تُحسب كل مساهمة مرة واحدة)")
t("All inputs marked “included”", "Toutes les contributions marquées « retenue »",
  "Todas las aportaciones marcadas como «incluida»", "جميع المساهمات الموسومة «مدرجة»")
t("Also filed under objectives", "Également classée sous les objectifs",
  "También clasificada en los objetivos", "مصنفة أيضاً ضمن الأهداف")
t("Anonymous", "Anonyme", "Anónima", "مجهولة المصدر")
t("Anonymous in the compilation", "Anonyme dans la compilation", "Anónima en la compilación",
  "دون ذكر الاسم في الوثيقة التجميعية")
t("Attachments", "Pièces jointes", "Archivos adjuntos", "المرفقات")
t("Attachments (optional)", "Pièces jointes (facultatif)", "Archivos adjuntos (opcional)", "المرفقات (اختيارية)")
t("Attribution", "Attribution", "Atribución", "نسبة المساهمة")
t("Author", "Auteur", "Autor o autora", "صاحب المساهمة")
t("Back to the list of inputs", "Retour à la liste des contributions", "Volver a la lista de aportaciones",
  "العودة إلى قائمة المساهمات")
t("Back to the meeting page", "Retour à la page de la réunion", "Volver a la página de la reunión",
  "العودة إلى صفحة الاجتماع")
t("By", "Par", "Por", "بواسطة")
t("Change", "Modification", "Cambio", "التغيير")
t("Change status", "Modifier le statut", "Cambiar el estado", "تغيير الحالة")
t("Changes are possible until %(deadline)s.", "Des modifications sont possibles jusqu'au %(deadline)s.",
  "Podrá modificarla hasta el %(deadline)s.", "يمكن إدخال تعديلات حتى %(deadline)s.")
t("Check your email", "Consultez votre messagerie", "Consulte su correo electrónico", "يرجى مراجعة بريدكم الإلكتروني")
t("Choose a country", "Choisissez un pays", "Elija un país", "اختر بلداً")
t("Clear filters", "Effacer les filtres", "Borrar los filtros", "إلغاء عوامل التصفية")
t("Compilation for the Committee", "Compilation destinée au Comité", "Compilación para el Comité",
  "الوثيقة التجميعية المعدة للجنة")
t("Compilation of parliamentary inputs", "Compilation des contributions parlementaires",
  "Compilación de las aportaciones parlamentarias", "الوثيقة التجميعية للمساهمات البرلمانية")
t("Confirm your email address to send an input: %(title)s",
  "Confirmez votre adresse électronique pour envoyer une contribution : %(title)s",
  "Confirme su dirección de correo electrónico para enviar una aportación: %(title)s",
  "أكِّدوا عنوان بريدكم الإلكتروني لإرسال مساهمة: %(title)s")
t("Confirmed email address:", "Adresse électronique confirmée :", "Dirección de correo electrónico confirmada:",
  "عنوان البريد الإلكتروني المؤكَّد:")
t("Console", "Console", "Consola", "لوحة الإدارة")
t("Country", "Pays", "País", "البلد")
t("Country (ISO code)", "Pays (code ISO)", "País (código ISO)", "البلد (رمز ISO)")
t("Dear %(name)s,", "À l'attention de %(name)s,", "Estimado/a %(name)s:", "حضرة %(name)s المحترم/المحترمة،")
t("Edit my input", "Modifier ma contribution", "Modificar mi aportación", "تعديل مساهمتي")
t("Edit your input", "Modifier votre contribution", "Modificar su aportación", "تعديل مساهمتكم")
t("English working title", "Titre de travail en anglais", "Título de trabajo en inglés", "عنوان العمل بالإنجليزية")
t("Every input not marked “not included”", "Toutes les contributions non marquées « non retenue »",
  "Todas las aportaciones no marcadas como «no incluida»", "جميع المساهمات غير الموسومة «غير مدرجة»")
t("Filter", "Filtrer", "Filtrar", "تصفية")
t("Format", "Format", "Formato", "الصيغة")
t("Give at least one objective number as a list, for example [1, 3].",
  "Indiquez au moins un numéro d'objectif sous forme de liste, par exemple [1, 3].",
  "Indique al menos un número de objetivo en forma de lista, por ejemplo [1, 3].",
  "يرجى ذكر رقم هدف واحد على الأقل في شكل قائمة، مثل [1, 3].")
t("History", "Historique", "Historial", "السجل")
t("If you need to correct an input, please write to the organisers.",
  "Si vous devez corriger une contribution, veuillez écrire aux organisateurs.",
  "Si necesita corregir una aportación, le rogamos que escriba a los organizadores.",
  "إذا احتجتم إلى تصحيح مساهمة، يرجى مراسلة الجهة المنظمة.")
t("If you registered for the meeting, please use the link “Send a written input” on your registration page: your details will be filled in for you.",
  "Si vous êtes inscrit(e) à la réunion, veuillez utiliser le lien « Envoyer une contribution écrite » de votre page d'inscription : vos coordonnées seront remplies automatiquement.",
  "Si se ha inscrito en la reunión, le rogamos que utilice el enlace «Enviar una aportación escrita» de su página de inscripción: sus datos se completarán automáticamente.",
  "إذا كنتم مسجلين في الاجتماع، يرجى استخدام رابط «إرسال مساهمة مكتوبة» في صفحة التسجيل الخاصة بكم، وستُملأ بياناتكم تلقائياً.")
t("In review", "En cours d'examen", "En examen", "قيد المراجعة")
t("In the compilation", "Dans la compilation", "En la compilación", "في الوثيقة التجميعية")
t("In the compilation sent to the Committee", "Dans la compilation transmise au Comité",
  "En la compilación remitida al Comité", "في الوثيقة التجميعية المرسلة إلى اللجنة")
t("Included", "Retenue", "Incluida", "مدرجة")
t("Input received", "Contribution reçue", "Aportación recibida", "تم استلام المساهمة")
t("Inputs", "Contributions", "Aportaciones", "المساهمات")
t("Inputs are closed", "Les contributions sont closes", "El plazo de aportaciones está cerrado", "باب المساهمات مغلق")
t("Inputs can be sent and changed until %(deadline)s.",
  "Les contributions peuvent être envoyées et modifiées jusqu'au %(deadline)s.",
  "Las aportaciones pueden enviarse y modificarse hasta el %(deadline)s.",
  "يمكن إرسال المساهمات وتعديلها حتى %(deadline)s.")
t("Inputs can no longer be sent or changed.", "Les contributions ne peuvent plus être envoyées ni modifiées.",
  "Las aportaciones ya no pueden enviarse ni modificarse.", "لم يعد من الممكن إرسال المساهمات أو تعديلها.")
t("Inputs to compile", "Contributions à compiler", "Aportaciones que se compilarán", "المساهمات المراد تجميعها")
t("Internal note", "Note interne", "Nota interna", "ملاحظة داخلية")
t("Internal notes", "Notes internes", "Notas internas", "ملاحظات داخلية")
t("Keep this link private: anyone who has it can change your input.",
  "Ne communiquez pas ce lien : toute personne qui le possède peut modifier votre contribution.",
  "No comparta este enlace: cualquier persona que lo tenga puede modificar su aportación.",
  "يرجى عدم مشاركة هذا الرابط، إذ يمكن لأي شخص يملكه تعديل مساهمتكم.")
t("Language of the headings", "Langue des intitulés", "Idioma de los encabezados", "لغة العناوين")
t("Language of the text", "Langue du texte", "Idioma del texto", "لغة النص")
t("Languages of the consultation", "Langues de la consultation", "Idiomas de la consulta", "لغات المشاورة")
t("Markdown", "Markdown", "Markdown", "Markdown (نص منسق)")
t("Named", "Nominative", "Nominal", "باسم صاحبها")
t("Next page", "Page suivante", "Página siguiente", "الصفحة التالية")
t("No attachments.", "Aucune pièce jointe.", "Ningún archivo adjunto.", "لا توجد مرفقات.")
t("No country given", "Pays non indiqué", "País no indicado", "لم يُذكر البلد")
t("No input matches these filters.", "Aucune contribution ne correspond à ces filtres.",
  "Ninguna aportación corresponde a estos filtros.", "لا توجد مساهمة تطابق عوامل التصفية هذه.")
t("No inputs were selected.", "Aucune contribution n'a été sélectionnée.", "No se seleccionó ninguna aportación.",
  "لم تُختر أي مساهمة.")
t("No notes yet.", "Aucune note pour l'instant.", "Todavía no hay notas.", "لا توجد ملاحظات حتى الآن.")
t("No objective given", "Objectif non indiqué", "Objetivo no indicado", "لم يُذكر الهدف")
t("Not included", "Non retenue", "No incluida", "غير مدرجة")
t("Number of inputs per objective and region", "Nombre de contributions par objectif et par région",
  "Número de aportaciones por objetivo y por región", "عدد المساهمات حسب الهدف والمنطقة")
t("Objective", "Objectif", "Objetivo", "الهدف")
t("Objective %(number)d: %(label)s", "Objectif %(number)d : %(label)s", "Objetivo %(number)d: %(label)s",
  "الهدف %(number)d: %(label)s")
t("Objectives must be whole numbers.", "Les objectifs doivent être des nombres entiers.",
  "Los objetivos deben ser números enteros.", "يجب أن تكون الأهداف أعداداً صحيحة.")
t("Objectives your input addresses", "Objectifs visés par votre contribution", "Objetivos a los que se refiere su aportación",
  "الأهداف التي تتناولها مساهمتكم")
t("Only staff can open attachments.", "Seul le personnel chargé des contributions peut ouvrir les pièces jointes.",
  "Solo el personal encargado de las aportaciones puede abrir los archivos adjuntos.",
  "لا يمكن فتح المرفقات إلا للموظفين المكلفين بالمساهمات.")
t("Only the inputs selected above", "Uniquement les contributions sélectionnées ci-dessus",
  "Solo las aportaciones seleccionadas arriba", "المساهمات المختارة أعلاه فقط")
t("Open it within 48 hours to write your input.", "Ouvrez-le dans les 48 heures pour rédiger votre contribution.",
  "Ábralo en un plazo de 48 horas para redactar su aportación.", "يرجى فتحه خلال 48 ساعة لكتابة مساهمتكم.")
t("Open the input form", "Ouvrir le formulaire de contribution", "Abrir el formulario de aportación", "فتح استمارة المساهمة")
t("Open the input form:", "Ouvrir le formulaire de contribution :", "Abrir el formulario de aportación:",
  "فتح استمارة المساهمة:")
t("Original language", "Langue originale", "Idioma original", "اللغة الأصلية")
t("Other languages", "Autres langues", "Otros idiomas", "لغات أخرى")
t("Otherwise, enter your email address. We will send you a link that opens the input form; it works for 48 hours.",
  "Sinon, saisissez votre adresse électronique. Nous vous enverrons un lien qui ouvre le formulaire de contribution ; il est valable 48 heures.",
  "De lo contrario, introduzca su dirección de correo electrónico. Le enviaremos un enlace que abre el formulario de aportación; es válido durante 48 horas.",
  "وإلا، يرجى إدخال عنوان بريدكم الإلكتروني، وسنرسل إليكم رابطاً يفتح استمارة المساهمة، وهو صالح لمدة 48 ساعة.")
t("PDF, DOCX or ODT documents, at most 3 files of 10 MB each. If the form shows an error, please choose the files again.",
  "Documents PDF, DOCX ou ODT, 3 fichiers au plus, de 10 Mo chacun au maximum. Si le formulaire signale une erreur, veuillez sélectionner à nouveau les fichiers.",
  "Documentos PDF, DOCX u ODT, como máximo 3 archivos de 10 MB cada uno. Si el formulario indica un error, le rogamos que vuelva a seleccionar los archivos.",
  "مستندات بصيغة PDF أو DOCX أو ODT، بحد أقصى 3 ملفات لا يتجاوز حجم كل منها 10 ميغابايت. إذا أظهرت الاستمارة خطأً، يرجى اختيار الملفات مرة أخرى.")
t("Pages", "Pages", "Páginas", "الصفحات")
t("Parliament or chamber", "Parlement ou chambre", "Parlamento o cámara", "البرلمان أو المجلس")
t("Parliamentary inputs", "Contributions parlementaires", "Aportaciones parlamentarias", "المساهمات البرلمانية")
t("Plain text; separate paragraphs with an empty line. At most 20,000 characters.",
  "Texte brut ; séparez les paragraphes par une ligne vide. 20 000 caractères au maximum.",
  "Texto sin formato; separe los párrafos con una línea en blanco. Como máximo 20.000 caracteres.",
  "نص عادي؛ افصلوا بين الفقرات بسطر فارغ. بحد أقصى 20000 حرف.")
t("Please choose a country.", "Veuillez choisir un pays.", "Le rogamos que elija un país.", "يرجى اختيار بلد.")
t("Please choose at least one objective.", "Veuillez choisir au moins un objectif.",
  "Le rogamos que elija al menos un objetivo.", "يرجى اختيار هدف واحد على الأقل.")
t("Please choose how your input is attributed.", "Veuillez choisir comment votre contribution est attribuée.",
  "Le rogamos que elija cómo se atribuye su aportación.", "يرجى اختيار طريقة نسبة مساهمتكم.")
t("Please choose the language of the text.", "Veuillez choisir la langue du texte.",
  "Le rogamos que elija el idioma del texto.", "يرجى اختيار لغة النص.")
t("Please confirm your email address to send a written input to this consultation.",
  "Veuillez confirmer votre adresse électronique pour envoyer une contribution écrite à cette consultation.",
  "Le rogamos que confirme su dirección de correo electrónico para enviar una aportación escrita a esta consulta.",
  "يرجى تأكيد عنوان بريدكم الإلكتروني لإرسال مساهمة مكتوبة إلى هذه المشاورة.")
t("Please correct the fields marked below.", "Veuillez corriger les champs signalés ci-dessous.",
  "Le rogamos que corrija los campos señalados a continuación.", "يرجى تصحيح الحقول المشار إليها أدناه.")
t("Please enter a valid email address.", "Veuillez saisir une adresse électronique valide.",
  "Le rogamos que introduzca una dirección de correo electrónico válida.", "يرجى إدخال عنوان بريد إلكتروني صحيح.")
t("Please enter your email address.", "Veuillez saisir votre adresse électronique.",
  "Le rogamos que introduzca su dirección de correo electrónico.", "يرجى إدخال عنوان بريدكم الإلكتروني.")
t("Please give your input a title.", "Veuillez donner un titre à votre contribution.",
  "Le rogamos que dé un título a su aportación.", "يرجى وضع عنوان لمساهمتكم.")
t("Please give your name.", "Veuillez indiquer votre nom.", "Le rogamos que indique su nombre.", "يرجى ذكر اسمكم.")
t("Please name your parliament or chamber.", "Veuillez indiquer votre parlement ou votre chambre.",
  "Le rogamos que indique su parlamento o cámara.", "يرجى ذكر برلمانكم أو مجلسكم.")
t("Please select at least one input to compile.", "Veuillez sélectionner au moins une contribution à compiler.",
  "Le rogamos que seleccione al menos una aportación para compilar.", "يرجى اختيار مساهمة واحدة على الأقل لتجميعها.")
t("Please write the note.", "Veuillez rédiger la note.", "Le rogamos que redacte la nota.", "يرجى كتابة الملاحظة.")
t("Please write the text of your input.", "Veuillez rédiger le texte de votre contribution.",
  "Le rogamos que redacte el texto de su aportación.", "يرجى كتابة نص مساهمتكم.")
t("Previous page", "Page précédente", "Página anterior", "الصفحة السابقة")
t("Produce the compilation", "Produire la compilation", "Generar la compilación", "إعداد الوثيقة التجميعية")
t("Public page", "Page publique", "Página pública", "الصفحة العامة")
t("Received", "Reçue", "Recibida", "مستلمة")
t("Reference", "Référence", "Referencia", "المرجع")
t("Regions: United Nations M49 standard (Statistics Division).",
  "Régions : norme M49 des Nations Unies (Division de statistique).",
  "Regiones: norma M49 de las Naciones Unidas (División de Estadística).",
  "المناطق: المعيار M49 للأمم المتحدة (الشعبة الإحصائية).")
t("Remove these attachments", "Supprimer ces pièces jointes", "Eliminar estos archivos adjuntos", "حذف هذه المرفقات")
t("Review", "Examen", "Examen", "المراجعة")
t("Save my changes", "Enregistrer mes modifications", "Guardar mis cambios", "حفظ تعديلاتي")
t("Save title and tags", "Enregistrer le titre et les étiquettes", "Guardar el título y las etiquetas",
  "حفظ العنوان والوسوم")
t("Search titles and texts", "Rechercher dans les titres et les textes", "Buscar en los títulos y los textos",
  "البحث في العناوين والنصوص")
t("Select", "Sélectionner", "Seleccionar", "اختيار")
t("Send a written input", "Envoyer une contribution écrite", "Enviar una aportación escrita", "إرسال مساهمة مكتوبة")
t("Send another input", "Envoyer une autre contribution", "Enviar otra aportación", "إرسال مساهمة أخرى")
t("Send me the link", "M'envoyer le lien", "Enviarme el enlace", "أرسلوا إليّ الرابط")
t("Send my input", "Envoyer ma contribution", "Enviar mi aportación", "إرسال مساهمتي")
t("Sent by:", "Envoyée par :", "Enviada por:", "مرسلة من:")
t("Show my input as anonymous", "Présenter ma contribution de façon anonyme", "Presentar mi aportación de forma anónima",
  "عرض مساهمتي دون ذكر اسمي")
t("Show my name and parliament", "Indiquer mon nom et mon parlement", "Indicar mi nombre y mi parlamento",
  "ذكر اسمي وبرلماني")
t("Staff of the IPU always see your name; this choice concerns only the document sent to the Committee.",
  "Le personnel de l'UIP voit toujours votre nom ; ce choix ne concerne que le document transmis au Comité.",
  "El personal de la UIP siempre ve su nombre; esta opción solo afecta al documento remitido al Comité.",
  "يطّلع موظفو الاتحاد البرلماني الدولي دائماً على اسمكم؛ ولا يتعلق هذا الاختيار إلا بالوثيقة المرسلة إلى اللجنة.")
t("Status", "Statut", "Estado", "الحالة")
t("Status changed to “%(status)s”.", "Statut modifié : « %(status)s ».", "Estado cambiado a «%(status)s».",
  "تم تغيير الحالة إلى «%(status)s».")
t("Submitted by", "Soumise par", "Presentada por", "مقدمة من")
t("Summary", "Synthèse", "Resumen", "الملخص")
t("Tag", "Étiquette", "Etiqueta", "الوسم")
t("Tags", "Étiquettes", "Etiquetas", "الوسوم")
t("Tags (separated by commas)", "Étiquettes (séparées par des virgules)", "Etiquetas (separadas por comas)",
  "الوسوم (مفصولة بفواصل)")
t("Text", "Texte", "Texto", "النص")
t("Text of your input", "Texte de votre contribution", "Texto de su aportación", "نص مساهمتكم")
t("Thank you. We have received your written input. The IPU secretariat will review it and may include it in the compilation sent to the Chair of the United Nations Ad Hoc Committee.",
  "Nous vous remercions. Nous avons bien reçu votre contribution écrite. Le Secrétariat de l'UIP l'examinera et pourra l'inclure dans la compilation transmise à la présidence du Comité spécial des Nations Unies.",
  "Le damos las gracias. Hemos recibido su aportación escrita. La Secretaría de la UIP la examinará y podrá incluirla en la compilación remitida a la Presidencia del Comité Especial de las Naciones Unidas.",
  "نشكركم. لقد تلقينا مساهمتكم المكتوبة، وستراجعها أمانة الاتحاد البرلماني الدولي وقد تدرجها في الوثيقة التجميعية المرسلة إلى رئاسة لجنة الأمم المتحدة المخصصة.")
t("Thank you: your input has been received", "Merci : votre contribution a bien été reçue",
  "Gracias: hemos recibido su aportación", "شكراً لكم: تم استلام مساهمتكم")
t("The deadline for written inputs was %(deadline)s. Inputs can no longer be sent or changed.",
  "La date limite des contributions écrites était le %(deadline)s. Les contributions ne peuvent plus être envoyées ni modifiées.",
  "El plazo para las aportaciones escritas venció el %(deadline)s. Las aportaciones ya no pueden enviarse ni modificarse.",
  "كان الموعد النهائي للمساهمات المكتوبة %(deadline)s. لم يعد من الممكن إرسال المساهمات أو تعديلها.")
t("The file “%(name)s” is empty.", "Le fichier « %(name)s » est vide.", "El archivo «%(name)s» está vacío.",
  "الملف «%(name)s» فارغ.")
t("The file “%(name)s” is larger than 10 MB.", "Le fichier « %(name)s » dépasse 10 Mo.",
  "El archivo «%(name)s» supera los 10 MB.", "حجم الملف «%(name)s» يتجاوز 10 ميغابايت.")
t("The file “%(name)s” is named as %(named)s but its content is %(found)s. Please send the document under its real type.",
  "Le fichier « %(name)s » porte l'extension %(named)s, mais son contenu est de type %(found)s. Veuillez envoyer le document sous son type réel.",
  "El archivo «%(name)s» tiene la extensión %(named)s, pero su contenido es de tipo %(found)s. Le rogamos que envíe el documento con su tipo real.",
  "الملف «%(name)s» يحمل امتداد %(named)s لكن محتواه من نوع %(found)s. يرجى إرسال المستند بنوعه الحقيقي.")
t("The file “%(name)s” is not a PDF, DOCX or ODT document.", "Le fichier « %(name)s » n'est pas un document PDF, DOCX ou ODT.",
  "El archivo «%(name)s» no es un documento PDF, DOCX u ODT.", "الملف «%(name)s» ليس مستنداً بصيغة PDF أو DOCX أو ODT.")
t("The files are too large: each attachment can be at most 10 MB.",
  "Les fichiers sont trop volumineux : chaque pièce jointe peut faire 10 Mo au maximum.",
  "Los archivos son demasiado grandes: cada archivo adjunto puede tener como máximo 10 MB.",
  "الملفات كبيرة جداً: لا يجوز أن يتجاوز حجم كل مرفق 10 ميغابايت.")
t("The link works for 48 hours. If you did not ask for it, you can ignore this message.",
  "Le lien est valable 48 heures. Si vous ne l'avez pas demandé, vous pouvez ignorer ce message.",
  "El enlace es válido durante 48 horas. Si no lo ha solicitado, puede ignorar este mensaje.",
  "الرابط صالح لمدة 48 ساعة. إذا لم تطلبوه، يمكنكم تجاهل هذه الرسالة.")
t("The note can have at most %(max)d characters.", "La note peut comporter au maximum %(max)d caractères.",
  "La nota puede tener como máximo %(max)d caracteres.", "لا يجوز أن تتجاوز الملاحظة %(max)d حرف.")
t("The note has been added.", "La note a été ajoutée.", "Se ha añadido la nota.", "تمت إضافة الملاحظة.")
t("The request body must be a JSON object.", "Le corps de la requête doit être un objet JSON.",
  "El cuerpo de la solicitud debe ser un objeto JSON.", "يجب أن يكون متن الطلب كائن JSON.")
t("The status could not be changed. Please choose a status from the list.",
  "Le statut n'a pas pu être modifié. Veuillez choisir un statut dans la liste.",
  "No se pudo cambiar el estado. Le rogamos que elija un estado de la lista.",
  "تعذر تغيير الحالة. يرجى اختيار حالة من القائمة.")
t("The text can have at most %(max)d characters.", "Le texte peut comporter au maximum %(max)d caractères.",
  "El texto puede tener como máximo %(max)d caracteres.", "لا يجوز أن يتجاوز النص %(max)d حرف.")
t("The title can have at most %(max)d characters.", "Le titre peut comporter au maximum %(max)d caractères.",
  "El título puede tener como máximo %(max)d caracteres.", "لا يجوز أن يتجاوز العنوان %(max)d حرف.")
t("The working title and tags have been saved.", "Le titre de travail et les étiquettes ont été enregistrés.",
  "Se han guardado el título de trabajo y las etiquetas.", "تم حفظ عنوان العمل والوسوم.")
t("This confirmation link is not valid or has expired (links work for 48 hours). Please ask for a new one.",
  "Ce lien de confirmation n'est pas valide ou a expiré (les liens sont valables 48 heures). Veuillez en demander un nouveau.",
  "Este enlace de confirmación no es válido o ha caducado (los enlaces son válidos durante 48 horas). Le rogamos que solicite uno nuevo.",
  "رابط التأكيد هذا غير صالح أو انتهت صلاحيته (الروابط صالحة لمدة 48 ساعة). يرجى طلب رابط جديد.")
t("This field can have at most %(max)d characters.", "Ce champ peut comporter au maximum %(max)d caractères.",
  "Este campo puede tener como máximo %(max)d caracteres.", "لا يجوز أن يتجاوز هذا الحقل %(max)d حرف.")
t("This field must be a string.", "Ce champ doit être une chaîne de caractères.",
  "Este campo debe ser una cadena de caracteres.", "يجب أن يكون هذا الحقل سلسلة نصية.")
t("This personal link is not valid. Please use the link from your latest email, or confirm your email address below.",
  "Ce lien personnel n'est pas valide. Veuillez utiliser le lien de votre dernier courriel ou confirmer votre adresse électronique ci-dessous.",
  "Este enlace personal no es válido. Le rogamos que utilice el enlace de su último mensaje o que confirme su dirección de correo electrónico a continuación.",
  "هذا الرابط الشخصي غير صالح. يرجى استخدام الرابط الوارد في آخر رسالة تلقيتموها، أو تأكيد عنوان بريدكم الإلكتروني أدناه.")
t("Title", "Titre", "Título", "العنوان")
t("Total", "Total", "Total", "المجموع")
t("We have received your input: %(title)s", "Nous avons bien reçu votre contribution : %(title)s",
  "Hemos recibido su aportación: %(title)s", "لقد تلقينا مساهمتكم: %(title)s")
t("We have sent a link to", "Nous avons envoyé un lien à", "Hemos enviado un enlace a", "أرسلنا رابطاً إلى")
t("We have sent you a receipt by email with a personal link to change your input.",
  "Nous vous avons envoyé un accusé de réception par courriel, avec un lien personnel pour modifier votre contribution.",
  "Le hemos enviado un acuse de recibo por correo electrónico con un enlace personal para modificar su aportación.",
  "أرسلنا إليكم إشعاراً بالاستلام عبر البريد الإلكتروني يتضمن رابطاً شخصياً لتعديل مساهمتكم.")
t("Web page (HTML)", "Page web (HTML)", "Página web (HTML)", "صفحة ويب (HTML)")
t("When (UTC)", "Date (UTC)", "Fecha (UTC)", "التاريخ (UTC)")
t("Word document (DOCX)", "Document Word (DOCX)", "Documento Word (DOCX)", "مستند Word (DOCX)")
t("You are sending this input as:", "Vous envoyez cette contribution en tant que :", "Envía esta aportación como:",
  "ترسلون هذه المساهمة بصفتكم:")
t("You can attach at most %(count)d files to an input.",
  "Vous pouvez joindre au maximum %(count)d fichiers à une contribution.",
  "Puede adjuntar como máximo %(count)d archivos a una aportación.",
  "يمكنكم إرفاق %(count)d ملفات كحد أقصى بالمساهمة الواحدة.")
t("You can change your input until %(deadline)s:", "Vous pouvez modifier votre contribution jusqu'au %(deadline)s :",
  "Puede modificar su aportación hasta el %(deadline)s:", "يمكنكم تعديل مساهمتكم حتى %(deadline)s:")
t("You can change your input with this personal link:", "Vous pouvez modifier votre contribution grâce à ce lien personnel :",
  "Puede modificar su aportación mediante este enlace personal:", "يمكنكم تعديل مساهمتكم عبر هذا الرابط الشخصي:")
t("Your changes have been saved.", "Vos modifications ont été enregistrées.", "Se han guardado sus cambios.",
  "تم حفظ تعديلاتكم.")
t("Your email address", "Votre adresse électronique", "Su dirección de correo electrónico", "عنوان بريدكم الإلكتروني")
t("Your input will be reviewed by the IPU secretariat and may be included in the compilation sent to the Chair of the United Nations Ad Hoc Committee negotiating the convention on cybercrime.",
  "Votre contribution sera examinée par le Secrétariat de l'UIP et pourra être incluse dans la compilation transmise à la présidence du Comité spécial des Nations Unies chargé de négocier la convention sur la cybercriminalité.",
  "Su aportación será examinada por la Secretaría de la UIP y podrá incluirse en la compilación remitida a la Presidencia del Comité Especial de las Naciones Unidas encargado de negociar la convención sobre la ciberdelincuencia.",
  "ستراجع أمانة الاتحاد البرلماني الدولي مساهمتكم، وقد تُدرج في الوثيقة التجميعية المرسلة إلى رئاسة لجنة الأمم المتحدة المخصصة التي تتفاوض بشأن اتفاقية الجريمة الإلكترونية.")
t("Your name", "Votre nom", "Su nombre", "اسمكم")
t("Your name and parliament appear in the compilation", "Votre nom et votre parlement figurent dans la compilation",
  "Su nombre y su parlamento figuran en la compilación", "يظهر اسمكم وبرلمانكم في الوثيقة التجميعية")
t("registered participant", "participant(e) inscrit(e)", "participante inscrito/a", "مشارك مسجل")
t("the author", "l'auteur", "el autor o la autora", "صاحب المساهمة")

TRANSLATIONS = T
