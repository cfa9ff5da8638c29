"""Reviewed French, Spanish and Arabic translations of the reference-texts strings.

    .venv/bin/python tools/translate.py tools/tables/texts.py && make compile-translations
"""
TRANSLATIONS = {
"A paragraph may have been joined to or split from its neighbour where the scan is damaged.": {
 "fr": "Un paragraphe a peut-être été fusionné avec son voisin ou séparé de celui-ci à un endroit où la numérisation est endommagée.",
 "es": "Es posible que un párrafo se haya unido al párrafo contiguo o separado de él en un lugar donde la digitalización está dañada.",
 "ar": "ربما دُمجت فقرة مع الفقرة المجاورة لها أو فُصلت عنها في موضع تَلِف فيه المسح الضوئي."},
"Adopted text": {"fr": "Texte adopté", "es": "Texto aprobado", "ar": "النص المعتمد"},
"Both the draft and the adopted text must be imported before they can be compared.": {
 "fr": "Le projet et le texte adopté doivent tous deux être importés avant de pouvoir être comparés.",
 "es": "Es necesario importar tanto el proyecto como el texto aprobado para poder compararlos.",
 "ar": "يجب استيراد المشروع والنص المعتمد كليهما قبل أن تتسنى مقارنتهما."},
"Changed": {"fr": "Modifié", "es": "Modificado", "ar": "معدَّلة"},
"Changes": {"fr": "Modifications", "es": "Cambios", "ar": "التعديلات"},
"Compare the draft with the adopted text in this language": {
 "fr": "Comparer le projet avec le texte adopté dans cette langue",
 "es": "Comparar el proyecto con el texto aprobado en este idioma",
 "ar": "مقارنة المشروع بالنص المعتمد بهذه اللغة"},
"Document": {"fr": "Document", "es": "Documento", "ar": "الوثيقة"},
"Draft": {"fr": "Projet", "es": "Proyecto", "ar": "المشروع"},
"Draft and adopted text compared": {"fr": "Projet et texte adopté comparés", "es": "Comparación del proyecto y del texto aprobado", "ar": "مقارنة المشروع بالنص المعتمد"},
"Import": {"fr": "Importer", "es": "Importar", "ar": "استيراد"},
"Import a text": {"fr": "Importer un texte", "es": "Importar un texto", "ar": "استيراد نص"},
"Imported": {"fr": "Importé", "es": "Importado", "ar": "تاريخ الاستيراد"},
"Imported documents": {"fr": "Documents importés", "es": "Documentos importados", "ar": "الوثائق المستوردة"},
"In the other languages": {"fr": "Dans les autres langues", "es": "En los demás idiomas", "ar": "باللغات الأخرى"},
"Input %(id)s belongs to another event.": {
 "fr": "La contribution %(id)s appartient à un autre événement.",
 "es": "La aportación %(id)s pertenece a otro evento.",
 "ar": "المساهمة %(id)s تخص فعالية أخرى."},
"Input %(id)s is no longer linked to this paragraph.": {
 "fr": "La contribution %(id)s n’est plus liée à ce paragraphe.",
 "es": "La aportación %(id)s ya no está vinculada a este párrafo.",
 "ar": "لم تعد المساهمة %(id)s مرتبطة بهذه الفقرة."},
"Input %(id)s is now linked to this paragraph.": {
 "fr": "La contribution %(id)s est désormais liée à ce paragraphe.",
 "es": "La aportación %(id)s ha quedado vinculada a este párrafo.",
 "ar": "أصبحت المساهمة %(id)s مرتبطة بهذه الفقرة."},
"Input %(id)s was already linked to this paragraph.": {
 "fr": "La contribution %(id)s était déjà liée à ce paragraphe.",
 "es": "La aportación %(id)s ya estaba vinculada a este párrafo.",
 "ar": "كانت المساهمة %(id)s مرتبطة بهذه الفقرة من قبل."},
"Input number": {"fr": "Numéro de la contribution", "es": "Número de la aportación", "ar": "رقم المساهمة"},
"Invalid request.": {"fr": "Requête non valide.", "es": "Solicitud no válida.", "ar": "طلب غير صالح."},
"Language of the text": {"fr": "Langue du texte", "es": "Idioma del texto", "ar": "لغة النص"},
"Leave empty to use the title printed in the file.": {
 "fr": "Laissez ce champ vide pour utiliser le titre figurant dans le fichier.",
 "es": "Deje este campo vacío para utilizar el título que figura en el archivo.",
 "ar": "اترك هذا الحقل فارغاً لاستخدام العنوان الوارد في الملف."},
"Line %(line)s": {"fr": "Ligne %(line)s", "es": "Línea %(line)s", "ar": "السطر %(line)s"},
"Link this input": {"fr": "Lier cette contribution", "es": "Vincular esta aportación", "ar": "ربط هذه المساهمة"},
"Linked inputs": {"fr": "Contributions liées", "es": "Aportaciones vinculadas", "ar": "المساهمات المرتبطة"},
"Linked inputs: %(count)s": {"fr": "Contributions liées : %(count)s", "es": "Aportaciones vinculadas: %(count)s", "ar": "المساهمات المرتبطة: %(count)s"},
"Links to inputs removed with their paragraphs: %(count)s.": {
 "fr": "Liens vers des contributions supprimés avec leurs paragraphes : %(count)s.",
 "es": "Vínculos con aportaciones eliminados junto con sus párrafos: %(count)s.",
 "ar": "الروابط بالمساهمات التي حُذفت مع فقراتها: %(count)s."},
"Merged": {"fr": "Fusionné", "es": "Fusionado", "ar": "مدمجة"},
"New": {"fr": "Nouveau", "es": "Nuevo", "ar": "جديدة"},
"No input is linked to this paragraph yet.": {
 "fr": "Aucune contribution n’est encore liée à ce paragraphe.",
 "es": "Todavía no hay ninguna aportación vinculada a este párrafo.",
 "ar": "لا توجد حتى الآن أي مساهمة مرتبطة بهذه الفقرة."},
"No preambular or operative paragraphs were found in this file. Nothing was imported.": {
 "fr": "Aucun alinéa du préambule ni aucun paragraphe du dispositif n’a été trouvé dans ce fichier. Rien n’a été importé.",
 "es": "No se encontró en este archivo ningún párrafo del preámbulo ni de la parte dispositiva. No se ha importado nada.",
 "ar": "لم يُعثر في هذا الملف على أي فقرة من فقرات الديباجة أو المنطوق. ولم يُستورد أي شيء."},
"No text has been imported yet.": {"fr": "Aucun texte n’a encore été importé.", "es": "Todavía no se ha importado ningún texto.", "ar": "لم يُستورد أي نص حتى الآن."},
"Not in the adopted text.": {"fr": "Absent du texte adopté.", "es": "No figura en el texto aprobado.", "ar": "غير وارد في النص المعتمد."},
"Not in the draft.": {"fr": "Absent du projet.", "es": "No figura en el proyecto.", "ar": "غير وارد في المشروع."},
"Not public": {"fr": "Non public", "es": "No público", "ar": "غير منشور"},
"Notes and reservations": {"fr": "Notes et réserves", "es": "Notas y reservas", "ar": "الحواشي والتحفظات"},
"Open %(paragraph)s": {"fr": "Ouvrir : %(paragraph)s", "es": "Abrir: %(paragraph)s", "ar": "فتح: %(paragraph)s"},
"Operative paragraph %(number)s": {"fr": "Paragraphe %(number)s du dispositif", "es": "Párrafo %(number)s de la parte dispositiva", "ar": "الفقرة %(number)s من المنطوق"},
"Operative paragraphs": {"fr": "Paragraphes du dispositif", "es": "Párrafos de la parte dispositiva", "ar": "فقرات المنطوق"},
"Paragraph by paragraph": {"fr": "Paragraphe par paragraphe", "es": "Párrafo por párrafo", "ar": "فقرة فقرة"},
"Paragraphs are matched by their wording, not by their numbers, so renumbered, merged, new and removed paragraphs are shown as such.": {
 "fr": "Les paragraphes sont mis en correspondance d’après leur libellé et non d’après leur numéro : les paragraphes renumérotés, fusionnés, nouveaux et supprimés sont donc signalés comme tels.",
 "es": "Los párrafos se emparejan por su redacción y no por su número, de modo que los párrafos renumerados, fusionados, nuevos y suprimidos se señalan como tales.",
 "ar": "تُطابَق الفقرات وفقاً لصياغتها لا لأرقامها، ولذلك تُبيَّن الفقرات المعاد ترقيمها والمدمجة والجديدة والمحذوفة على حقيقتها."},
"Paragraphs of the reference texts": {"fr": "Paragraphes des textes de référence", "es": "Párrafos de los textos de referencia", "ar": "فقرات النصوص المرجعية"},
"Parliamentary inputs are not available on this installation.": {
 "fr": "Les contributions parlementaires ne sont pas disponibles sur cette installation.",
 "es": "Las aportaciones parlamentarias no están disponibles en esta instalación.",
 "ar": "المساهمات البرلمانية غير متاحة في هذا النظام."},
"Part of this paragraph was split off %(paragraph)s of the draft.": {
 "fr": "Une partie de ce paragraphe a été détachée du texte suivant du projet : %(paragraph)s.",
 "es": "Parte de este párrafo se separó del siguiente texto del proyecto: %(paragraph)s.",
 "ar": "فُصل جزء من هذه الفقرة عن النص التالي من المشروع: %(paragraph)s."},
"Plain text (.txt) or Markdown (.md) in UTF-8, in English, Arabic or both.": {
 "fr": "Texte brut (.txt) ou Markdown (.md) en UTF-8, en anglais, en arabe ou dans les deux langues.",
 "es": "Texto sin formato (.txt) o Markdown (.md) en UTF-8, en inglés, en árabe o en ambos idiomas.",
 "ar": "نص عادي (.txt) أو Markdown (.md) بترميز UTF-8، باللغة الإنجليزية أو العربية أو بكلتيهما."},
"Please choose a file to import.": {"fr": "Veuillez choisir un fichier à importer.", "es": "Seleccione un archivo para importar.", "ar": "يرجى اختيار ملف لاستيراده."},
"Please choose a plain text (.txt) or Markdown (.md) file.": {
 "fr": "Veuillez choisir un fichier texte brut (.txt) ou Markdown (.md).",
 "es": "Seleccione un archivo de texto sin formato (.txt) o Markdown (.md).",
 "ar": "يرجى اختيار ملف نص عادي (.txt) أو ملف Markdown (.md)."},
"Please choose whether the document is the draft or the adopted text.": {
 "fr": "Veuillez indiquer si le document est le projet ou le texte adopté.",
 "es": "Indique si el documento es el proyecto o el texto aprobado.",
 "ar": "يرجى تحديد ما إذا كانت الوثيقة هي المشروع أم النص المعتمد."},
"Please enter the input's number, e.g. 42.": {
 "fr": "Veuillez saisir le numéro de la contribution, par exemple 42.",
 "es": "Introduzca el número de la aportación, por ejemplo 42.",
 "ar": "يرجى إدخال رقم المساهمة، مثل 42."},
"Please enter the number of the input to link.": {
 "fr": "Veuillez saisir le numéro de la contribution à lier.",
 "es": "Introduzca el número de la aportación que desea vincular.",
 "ar": "يرجى إدخال رقم المساهمة المراد ربطها."},
"Please keep the title under %(max)d characters.": {
 "fr": "Le titre ne doit pas dépasser %(max)d caractères.",
 "es": "El título no debe superar los %(max)d caracteres.",
 "ar": "يجب ألا يتجاوز العنوان %(max)d حرفاً."},
"Preambular paragraph %(number)s": {"fr": "Alinéa %(number)s du préambule", "es": "Párrafo %(number)s del preámbulo", "ar": "الفقرة %(number)s من الديباجة"},
"Preambular paragraphs": {"fr": "Alinéas du préambule", "es": "Párrafos del preámbulo", "ar": "فقرات الديباجة"},
"Public (read only)": {"fr": "Public (lecture seule)", "es": "Público (solo lectura)", "ar": "منشور (للاطلاع فقط)"},
"Public page": {"fr": "Page publique", "es": "Página pública", "ar": "الصفحة العامة"},
"Publish": {"fr": "Publier", "es": "Publicar", "ar": "نشر"},
"Reference texts": {"fr": "Textes de référence", "es": "Textos de referencia", "ar": "النصوص المرجعية"},
"Remove link": {"fr": "Supprimer le lien", "es": "Eliminar el vínculo", "ar": "إزالة الربط"},
"Removed": {"fr": "Supprimé", "es": "Suprimido", "ar": "محذوفة"},
"Renumbered": {"fr": "Renuméroté", "es": "Renumerado", "ar": "أعيد ترقيمها"},
"Reservation": {"fr": "Réserve", "es": "Reserva", "ar": "تحفظ"},
"Some text could not be placed in a paragraph: please check the list below (%(count)s).": {
 "fr": "Une partie du texte n’a pu être rattachée à aucun paragraphe : veuillez vérifier la liste ci-dessous (%(count)s).",
 "es": "Parte del texto no pudo asignarse a ningún párrafo: sírvase revisar la lista que figura a continuación (%(count)s).",
 "ar": "تعذّر إلحاق جزء من النص بأي فقرة: يرجى مراجعة القائمة أدناه (%(count)s)."},
"Split": {"fr": "Scindé", "es": "Dividido", "ar": "مجزّأة"},
"Summary": {"fr": "Récapitulatif", "es": "Resumen", "ar": "ملخص"},
"Text": {"fr": "Texte", "es": "Texto", "ar": "النص"},
"Text not placed: %(count)s": {"fr": "Texte non rattaché : %(count)s", "es": "Texto no asignado: %(count)s", "ar": "نص غير مُلحق: %(count)s"},
"Text or Markdown file": {"fr": "Fichier texte ou Markdown", "es": "Archivo de texto o Markdown", "ar": "ملف نصي أو ملف Markdown"},
"Text that could not be placed": {"fr": "Texte qui n’a pu être rattaché", "es": "Texto que no pudo asignarse", "ar": "النص الذي تعذّر إلحاقه"},
"The document is no longer public.": {"fr": "Le document n’est plus public.", "es": "El documento ya no es público.", "ar": "لم تعد الوثيقة منشورة."},
"The document is now public (read only).": {"fr": "Le document est désormais public (lecture seule).", "es": "El documento es ahora público (solo lectura).", "ar": "أصبحت الوثيقة منشورة (للاطلاع فقط)."},
"The document was imported.": {"fr": "Le document a été importé.", "es": "El documento se ha importado.", "ar": "استُوردت الوثيقة."},
"The document was replaced. Paragraphs kept: %(kept)s; added: %(added)s; removed: %(removed)s. It is not public until an organiser publishes it again.": {
 "fr": "Le document a été remplacé. Paragraphes conservés : %(kept)s ; ajoutés : %(added)s ; supprimés : %(removed)s. Il ne sera public que lorsqu’un organisateur l’aura de nouveau publié.",
 "es": "El documento se ha sustituido. Párrafos conservados: %(kept)s; añadidos: %(added)s; suprimidos: %(removed)s. No será público hasta que un organizador vuelva a publicarlo.",
 "ar": "استُبدلت الوثيقة. الفقرات المحتفظ بها: %(kept)s؛ والمضافة: %(added)s؛ والمحذوفة: %(removed)s. ولن تكون منشورة إلى أن يعيد أحد المنظمين نشرها."},
"The draft and the adopted resolution, paragraph by paragraph, in each language of the file.": {
 "fr": "Le projet et la résolution adoptée, paragraphe par paragraphe, dans chacune des langues du fichier.",
 "es": "El proyecto y la resolución aprobada, párrafo por párrafo, en cada uno de los idiomas del archivo.",
 "ar": "المشروع والقرار المعتمد، فقرة فقرة، بكل لغة من لغات الملف."},
"The draft or the adopted text has no paragraphs in this language.": {
 "fr": "Le projet ou le texte adopté ne comporte aucun paragraphe dans cette langue.",
 "es": "El proyecto o el texto aprobado no contiene ningún párrafo en este idioma.",
 "ar": "لا يتضمن المشروع أو النص المعتمد أي فقرة بهذه اللغة."},
"The file contains text in an unsupported language.": {
 "fr": "Le fichier contient du texte dans une langue qui n’est pas prise en charge.",
 "es": "El archivo contiene texto en un idioma no admitido.",
 "ar": "يتضمن الملف نصاً بلغة غير مدعومة."},
"The file has no recognisable title. Please enter one.": {
 "fr": "Le fichier ne comporte pas de titre reconnaissable. Veuillez en saisir un.",
 "es": "El archivo no contiene un título reconocible. Introduzca uno.",
 "ar": "لا يتضمن الملف عنواناً يمكن التعرف عليه. يرجى إدخال عنوان."},
"The file is not plain text in UTF-8. Please save it as UTF-8 text or Markdown and import it again.": {
 "fr": "Le fichier n’est pas un texte brut en UTF-8. Veuillez l’enregistrer au format texte ou Markdown en UTF-8, puis l’importer de nouveau.",
 "es": "El archivo no es texto sin formato en UTF-8. Guárdelo como texto o Markdown en UTF-8 e impórtelo de nuevo.",
 "ar": "الملف ليس نصاً عادياً بترميز UTF-8. يرجى حفظه نصاً أو ملف Markdown بترميز UTF-8 ثم استيراده مجدداً."},
"The file is split into preambular and operative paragraphs, with their numbers, for each language. Importing the draft or the adopted text again replaces the earlier import: paragraphs found again keep their links to inputs.": {
 "fr": "Le fichier est découpé en alinéas du préambule et en paragraphes du dispositif, avec leurs numéros, pour chaque langue. Importer de nouveau le projet ou le texte adopté remplace l’importation précédente : les paragraphes retrouvés conservent leurs liens vers les contributions.",
 "es": "El archivo se divide en párrafos del preámbulo y párrafos de la parte dispositiva, con sus números, para cada idioma. Si se importa de nuevo el proyecto o el texto aprobado, se sustituye la importación anterior: los párrafos que vuelven a encontrarse conservan sus vínculos con las aportaciones.",
 "ar": "يُقسَّم الملف إلى فقرات الديباجة وفقرات المنطوق، مع أرقامها، لكل لغة. وتؤدي إعادة استيراد المشروع أو النص المعتمد إلى استبدال الاستيراد السابق: وتحتفظ الفقرات التي يُعثر عليها مجدداً بروابطها بالمساهمات."},
"The file is too large: texts up to %(size)s kB can be imported.": {
 "fr": "Le fichier est trop volumineux : seuls les textes d’au plus %(size)s Ko peuvent être importés.",
 "es": "El archivo es demasiado grande: solo pueden importarse textos de hasta %(size)s kB.",
 "ar": "الملف كبير جداً: لا يمكن استيراد إلا النصوص التي لا يتجاوز حجمها %(size)s كيلوبايت."},
"The languages differ in their number of paragraphs.": {
 "fr": "Le nombre de paragraphes diffère d’une langue à l’autre.",
 "es": "El número de párrafos difiere de un idioma a otro.",
 "ar": "يختلف عدد الفقرات من لغة إلى أخرى."},
"The languages of this document differ in their number of operative paragraphs. Please check the file.": {
 "fr": "Le nombre de paragraphes du dispositif diffère d’une langue à l’autre dans ce document. Veuillez vérifier le fichier.",
 "es": "El número de párrafos de la parte dispositiva difiere de un idioma a otro en este documento. Sírvase revisar el archivo.",
 "ar": "يختلف عدد فقرات المنطوق من لغة إلى أخرى في هذه الوثيقة. يرجى مراجعة الملف."},
"The languages of this document differ in their number of preambular paragraphs. Please check the file.": {
 "fr": "Le nombre d’alinéas du préambule diffère d’une langue à l’autre dans ce document. Veuillez vérifier le fichier.",
 "es": "El número de párrafos del preámbulo difiere de un idioma a otro en este documento. Sírvase revisar el archivo.",
 "ar": "يختلف عدد فقرات الديباجة من لغة إلى أخرى في هذه الوثيقة. يرجى مراجعة الملف."},
"The text was not imported. Please correct the fields marked below.": {
 "fr": "Le texte n’a pas été importé. Veuillez corriger les champs signalés ci-dessous.",
 "es": "El texto no se ha importado. Corrija los campos señalados a continuación.",
 "ar": "لم يُستورد النص. يرجى تصحيح الحقول المشار إليها أدناه."},
"The title is too long: please keep it under %(count)s characters.": {
 "fr": "Le titre est trop long : il ne doit pas dépasser %(count)s caractères.",
 "es": "El título es demasiado largo: no debe superar los %(count)s caracteres.",
 "ar": "العنوان طويل جداً: يجب ألا يتجاوز %(count)s حرفاً."},
"There is no input number %(id)s.": {
 "fr": "Il n’existe aucune contribution portant le numéro %(id)s.",
 "es": "No existe ninguna aportación con el número %(id)s.",
 "ar": "لا توجد مساهمة تحمل الرقم %(id)s."},
"These lines of the file are not part of any paragraph or note. If they belong to the text, correct the file and import it again.": {
 "fr": "Ces lignes du fichier n’appartiennent à aucun paragraphe ni à aucune note. Si elles font partie du texte, veuillez corriger le fichier et l’importer de nouveau.",
 "es": "Estas líneas del archivo no forman parte de ningún párrafo ni de ninguna nota. Si pertenecen al texto, corrija el archivo e impórtelo de nuevo.",
 "ar": "لا تنتمي هذه الأسطر من الملف إلى أي فقرة أو حاشية. وإذا كانت جزءاً من النص، يرجى تصحيح الملف ثم استيراده مجدداً."},
"This input is not linked to any paragraph yet.": {
 "fr": "Cette contribution n’est encore liée à aucun paragraphe.",
 "es": "Esta aportación todavía no está vinculada a ningún párrafo.",
 "ar": "هذه المساهمة غير مرتبطة بأي فقرة حتى الآن."},
"Title": {"fr": "Titre", "es": "Título", "ar": "العنوان"},
"Unchanged": {"fr": "Inchangé", "es": "Sin cambios", "ar": "دون تغيير"},
"What became of it in the adopted text": {"fr": "Ce qu’il est devenu dans le texte adopté", "es": "Qué fue de él en el texto aprobado", "ar": "ما آلت إليه في النص المعتمد"},
"Where it comes from in the draft": {"fr": "Son origine dans le projet", "es": "Su origen en el proyecto", "ar": "مصدرها في المشروع"},
"Which text is it?": {"fr": "De quel texte s’agit-il ?", "es": "¿De qué texto se trata?", "ar": "ما هو هذا النص؟"},
"Withdraw from the public": {"fr": "Retirer de la publication", "es": "Retirar de la publicación", "ar": "سحب من النشر"},
"You are here": {"fr": "Vous êtes ici", "es": "Usted está aquí", "ar": "أنت هنا"},
"from the command line": {"fr": "depuis la ligne de commande", "es": "desde la línea de comandos", "ar": "من سطر الأوامر"},
"linked on %(date)s": {"fr": "lien créé le %(date)s", "es": "vinculada el %(date)s", "ar": "رُبطت في %(date)s"},
"numbers missing: %(numbers)s.": {"fr": "numéros manquants : %(numbers)s.", "es": "números que faltan: %(numbers)s.", "ar": "الأرقام الناقصة: %(numbers)s."},
"numbers repeated: %(numbers)s.": {"fr": "numéros répétés : %(numbers)s.", "es": "números repetidos: %(numbers)s.", "ar": "الأرقام المكررة: %(numbers)s."},
}
TRANSLATIONS.update({
"Adopted text: %(paragraph)s": {"fr": "Texte adopté : %(paragraph)s", "es": "Texto aprobado: %(paragraph)s", "ar": "النص المعتمد: %(paragraph)s"},
"Draft: %(paragraph)s": {"fr": "Projet : %(paragraph)s", "es": "Proyecto: %(paragraph)s", "ar": "المشروع: %(paragraph)s"},
"Inputs not linked to a paragraph": {"fr": "Contributions non liées à un paragraphe", "es": "Aportaciones no vinculadas a ningún párrafo", "ar": "المساهمات غير المرتبطة بأي فقرة"},
"Link this input from a paragraph of the reference texts": {
 "fr": "Lier cette contribution à partir d’un paragraphe des textes de référence",
 "es": "Vincular esta aportación desde un párrafo de los textos de referencia",
 "ar": "ربط هذه المساهمة انطلاقاً من فقرة من فقرات النصوص المرجعية"},
"Summary": {"fr": "Synthèse", "es": "Resumen", "ar": "الملخص"},
})
TRANSLATIONS.update({
"Must be one of: %(choices)s.": {"fr": "Doit être l’une des valeurs suivantes : %(choices)s.", "es": "Debe ser uno de los valores siguientes: %(choices)s.", "ar": "يجب أن تكون إحدى القيم التالية: %(choices)s."},
})
