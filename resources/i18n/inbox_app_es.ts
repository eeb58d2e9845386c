<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Account</name>
    <message>
        <source>Your password expires today. Change it in Account ▸ Change password.</source>
        <translation>Su contraseña caduca hoy. Cámbiela en Cuenta ▸ Cambiar contraseña.</translation>
    </message>
    <message>
        <source>Your password expires tomorrow. Change it in Account ▸ Change password.</source>
        <translation>Su contraseña caduca mañana. Cámbiela en Cuenta ▸ Cambiar contraseña.</translation>
    </message>
    <message>
        <source>Your password expires in {} days. Change it in Account ▸ Change password.</source>
        <translation>Su contraseña caduca en {} días. Cámbiela en Cuenta ▸ Cambiar contraseña.</translation>
    </message>
    <message>
        <source>Choose service…</source>
        <translation>Elegir servicio…</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Cambiar contraseña…</translation>
    </message>
    <message>
        <source>Working in {}.</source>
        <translation>Trabajando en {}.</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Su contraseña se ha cambiado.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Retry the failed action</source>
        <translation>Reintentar la acción fallida</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Descartar mensaje</translation>
    </message>
</context>
<context>
    <name>Bulk</name>
    <message>
        <source>Transfer</source>
        <translation>Transferir</translation>
    </message>
    <message>
        <source>Spread over the team</source>
        <translation>Repartir entre el equipo</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Resolver</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>Marcar como leída</translation>
    </message>
    <message>
        <source>Mark unread</source>
        <translation>Marcar como no leída</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Tomar</translation>
    </message>
    <message>
        <source>To group</source>
        <translation>Al grupo</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} done.</source>
        <translation>{0}: {1} de {2} hechas.</translation>
    </message>
    <message>
        <source>Refused conversations</source>
        <translation>Conversaciones rechazadas</translation>
    </message>
    <message>
        <source>Refused ({}):</source>
        <translation>Rechazadas ({}):</translation>
    </message>
    <message>
        <source>Not started (cancelled): {}</source>
        <translation>Sin empezar (cancelado): {}</translation>
    </message>
    <message>
        <source>Retry the refused</source>
        <translation>Reintentar las rechazadas</translation>
    </message>
    <message>
        <source>Wait for the running action to end, or cancel it.</source>
        <translation>Espere a que termine la acción en curso, o cancélela.</translation>
    </message>
    <message>
        <source>the {} selected conversations</source>
        <translation>las {} conversaciones seleccionadas</translation>
    </message>
    <message>
        <source>{0}: 0 of {1}…</source>
        <translation>{0}: 0 de {1}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>{0}: {1} of {2}…</source>
        <translation>{0}: {1} de {2}…</translation>
    </message>
    <message>
        <source>{0} asked to slow down: waiting {1} s…</source>
        <translation>{0} pidió ir más despacio: esperando {1} s…</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Cambiar contraseña</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Repita la contraseña nueva</translation>
    </message>
    <message>
        <source>Password change</source>
        <translation>Cambio de contraseña</translation>
    </message>
    <message>
        <source>The new passwords are not the same.</source>
        <translation>Las contraseñas nuevas no coinciden.</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Cambiando la contraseña…</translation>
    </message>
</context>
<context>
    <name>ChannelTreeModel</name>
    <message>
        <source>{0}: {1} unread of {2}</source>
        <translation>{0}: {1} sin leer de {2}</translation>
    </message>
    <message>
        <source>{0}, {1} unread of {2}</source>
        <translation>{0}, {1} sin leer de {2}</translation>
    </message>
</context>
<context>
    <name>CheatSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Go to inbox 1…9</source>
        <translation>Ir a la bandeja 1…9</translation>
    </message>
    <message>
        <source>In Resolve: pick the term code</source>
        <translation>En Resolver: elegir el código de cierre</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Go to or do…</source>
        <translation>Ir a… o hacer…</translation>
    </message>
    <message>
        <source>Type an action or an inbox</source>
        <translation>Escriba una acción o una bandeja</translation>
    </message>
    <message>
        <source>Command search</source>
        <translation>Búsqueda de comandos</translation>
    </message>
    <message>
        <source>Type a few letters of an action or an inbox</source>
        <translation>Escriba unas letras de una acción o una bandeja</translation>
    </message>
    <message>
        <source>Matching commands</source>
        <translation>Comandos que coinciden</translation>
    </message>
    <message>
        <source>Enter runs the selected one</source>
        <translation>Intro ejecuta la seleccionada</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Reply text</source>
        <translation>Texto de la respuesta</translation>
    </message>
    <message>
        <source>Your reply to the customer</source>
        <translation>Su respuesta al cliente</translation>
    </message>
    <message>
        <source>Send from number</source>
        <translation>Número desde el que se envía</translation>
    </message>
    <message>
        <source>The number the customer sees</source>
        <translation>El número que ve el cliente</translation>
    </message>
    <message>
        <source>The SMS code the reply is sent from</source>
        <translation>El código SMS desde el que se envía la respuesta</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <source>Start the reply from a saved template</source>
        <translation>Empezar la respuesta desde una plantilla guardada</translation>
    </message>
    <message>
        <source>No template</source>
        <translation>Sin plantilla</translation>
    </message>
    <message>
        <source>Characters and segments</source>
        <translation>Caracteres y segmentos</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Send reply</source>
        <translation>Enviar respuesta</translation>
    </message>
    <message>
        <source>Send the reply</source>
        <translation>Enviar la respuesta</translation>
    </message>
    <message>
        <source>Why sending is locked</source>
        <translation>Por qué el envío está bloqueado</translation>
    </message>
    <message>
        <source>Send when texting opens</source>
        <translation>Enviar cuando se abra el horario de mensajes</translation>
    </message>
    <message>
        <source>Add the opt-out notice</source>
        <translation>Añadir el aviso de baja</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Write a reply…  ({} sends)</source>
        <translation>Escriba una respuesta…  ({} envía)</translation>
    </message>
    <message>
        <source>Send ({})</source>
        <translation>Enviar ({})</translation>
    </message>
    <message>
        <source>Write a reply…</source>
        <translation>Escriba una respuesta…</translation>
    </message>
    <message numerus="yes">
        <source>%n char(s)</source>
        <comment>characters</comment>
        <translation>
            <numerusform>%n carácter</numerusform>
            <numerusform>%n caracteres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segmento</numerusform>
            <numerusform>%n segmentos</numerusform>
        </translation>
    </message>
    <message>
        <source>(because of {})</source>
        <translation>(por {})</translation>
    </message>
    <message>
        <source>These characters are not in the GSM alphabet, so the message is sent as UCS-2 with 70 characters per segment.</source>
        <translation>Estos caracteres no están en el alfabeto GSM, así que el mensaje se envía como UCS-2, con 70 caracteres por segmento.</translation>
    </message>
    <message>
        <source>GSM-7: 160 characters in one segment, 153 per segment when split.</source>
        <translation>GSM-7: 160 caracteres en un segmento, 153 por segmento si se divide.</translation>
    </message>
    <message>
        <source>Add “{}”</source>
        <translation>Añadir «{}»</translation>
    </message>
    <message>
        <source>with the opt-out notice: {}</source>
        <translation>con el aviso de baja: {}</translation>
    </message>
    <message>
        <source>Fill in {} before sending</source>
        <translation>Complete {} antes de enviar</translation>
    </message>
    <message>
        <source>Choose a number to send from</source>
        <translation>Elija el número desde el que enviar</translation>
    </message>
</context>
<context>
    <name>ConsentBar</name>
    <message>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <source>Opt-out</source>
        <translation>Baja</translation>
    </message>
    <message>
        <source>Opt-in</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Help asked</source>
        <translation>Pidió ayuda</translation>
    </message>
    <message>
        <source>Reply STOP to opt out</source>
        <translation>Responda STOP para darse de baja</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Conversation history</source>
        <translation>Historial de la conversación</translation>
    </message>
    <message>
        <source>Messages with the customer, oldest first; scroll up for older ones</source>
        <translation>Mensajes con el cliente, los más antiguos primero; desplácese hacia arriba para ver anteriores</translation>
    </message>
    <message>
        <source>Message sent.</source>
        <translation>Mensaje enviado.</translation>
    </message>
    <message>
        <source>Message not sent.</source>
        <translation>Mensaje no enviado.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Do it and close this window</source>
        <translation>Hacerlo y cerrar esta ventana</translation>
    </message>
    <message>
        <source>Close this window without changing anything</source>
        <translation>Cerrar esta ventana sin cambiar nada</translation>
    </message>
</context>
<context>
    <name>FirstScreen</name>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Your inbox as it was at {} — connecting…</source>
        <translation>Su bandeja tal como estaba a las {} — conectando…</translation>
    </message>
</context>
<context>
    <name>InboxPanel</name>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>Buzón de voz</translation>
    </message>
    <message>
        <source>Messaging</source>
        <translation>Mensajería</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otros</translation>
    </message>
    <message>
        <source>Personal {}</source>
        <translation>{} personal</translation>
    </message>
    <message>
        <source>Group {}</source>
        <translation>{} de grupo</translation>
    </message>
    <message>
        <source>{} · mine</source>
        <translation>{} · mía</translation>
    </message>
    <message>
        <source>{} · group</source>
        <translation>{} · grupo</translation>
    </message>
    <message>
        <source>Inboxes</source>
        <translation>Bandejas de entrada</translation>
    </message>
    <message>
        <source>Your inboxes and your groups&apos; inboxes, with unread and total counts</source>
        <translation>Sus bandejas y las de sus grupos, con los no leídos y el total</translation>
    </message>
    <message>
        <source>My inbox counts</source>
        <translation>Mis contadores</translation>
    </message>
    <message>
        <source>My SMS: {0} unread · {1} read · {2} active · {3} sent</source>
        <translation>Mis SMS: {0} sin leer · {1} leídos · {2} activos · {3} enviados</translation>
    </message>
</context>
<context>
    <name>KeysEditor</name>
    <message>
        <source>&lt;b&gt;Action&lt;/b&gt;</source>
        <translation>&lt;b&gt;Acción&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Key&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tecla&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Other key&lt;/b&gt;</source>
        <translation>&lt;b&gt;Otra tecla&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Problems with the keys</source>
        <translation>Problemas con las teclas</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Restablecer valores predeterminados</translation>
    </message>
    <message>
        <source>Reset every key to its default</source>
        <translation>Devolver cada tecla a su valor predeterminado</translation>
    </message>
    <message>
        <source>Single keys act when you are not typing. Go to a field and press the keys; Tab moves on, Backspace clears.</source>
        <translation>Las teclas sueltas actúan cuando no está escribiendo. Vaya a un campo y pulse las teclas; Tab pasa al siguiente, Retroceso borra.</translation>
    </message>
    <message>
        <source>{}: key</source>
        <translation>{}: tecla</translation>
    </message>
    <message>
        <source>{}: other key</source>
        <translation>{}: otra tecla</translation>
    </message>
    <message>
        <source>{0} is set for both “{1}” and “{2}”.</source>
        <translation>{0} está asignada a «{1}» y a «{2}».</translation>
    </message>
    <message>
        <source>“{0}” is pressed while typing: its key needs Ctrl, Alt or Meta ({1} would type).</source>
        <translation>«{0}» se pulsa mientras se escribe: su tecla necesita Ctrl, Alt o Meta ({1} escribiría).</translation>
    </message>
    <message>
        <source>{0} opens {1}: choose another key for “{2}”.</source>
        <translation>{0} abre {1}: elija otra tecla para «{2}».</translation>
    </message>
    <message>
        <source>{0} is needed to move around the window: choose another key for “{1}”.</source>
        <translation>{0} se necesita para moverse por la ventana: elija otra tecla para «{1}».</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to LiveVox</source>
        <translation>Iniciar sesión en LiveVox</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Entorno</translation>
    </message>
    <message>
        <source>Other server address…</source>
        <translation>Otra dirección de servidor…</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Client code</source>
        <translation>Código de cliente</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>API access token</source>
        <translation>Token de acceso a la API</translation>
    </message>
    <message>
        <source>Remember password and token in the system keyring</source>
        <translation>Recordar la contraseña y el token en el llavero del sistema</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Problema al iniciar sesión</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Token de acceso</translation>
    </message>
    <message>
        <source>Sign in to Live Link 365</source>
        <translation>Iniciar sesión en Live Link 365</translation>
    </message>
    <message>
        <source>Sender numbers</source>
        <translation>Números de envío</translation>
    </message>
    <message>
        <source>e.g. +14155550100, 55501</source>
        <translation>p. ej. +14155550100, 55501</translation>
    </message>
    <message>
        <source>App key</source>
        <translation>Clave de la aplicación</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Secreto</translation>
    </message>
    <message>
        <source>Remember the secret in the system keyring</source>
        <translation>Recordar el secreto en el llavero del sistema</translation>
    </message>
    <message>
        <source>Sign in to IMIconnect</source>
        <translation>Iniciar sesión en IMIconnect</translation>
    </message>
    <message>
        <source>Service key</source>
        <translation>Clave de servicio</translation>
    </message>
    <message>
        <source>e.g. 13125550100, DEMOBK</source>
        <translation>p. ej., 13125550100, DEMOBK</translation>
    </message>
    <message>
        <source>Remember the agent token and the service key in the system keyring</source>
        <translation>Recordar el token de agente y la clave de servicio en el llavero del sistema</translation>
    </message>
    <message>
        <source>Sign in to iLiveIt</source>
        <translation>Iniciar sesión en iLiveIt</translation>
    </message>
    <message>
        <source>Application token</source>
        <translation>Token de la aplicación</translation>
    </message>
    <message>
        <source>The API endpoint from the developer portal</source>
        <translation>El endpoint de la API del portal para desarrolladores</translation>
    </message>
    <message>
        <source>e.g. +27820000001</source>
        <translation>p. ej., +27820000001</translation>
    </message>
    <message>
        <source>Remember the agent token and the application token in the system keyring</source>
        <translation>Recordar el token de agente y el token de la aplicación en el llavero del sistema</translation>
    </message>
    <message>
        <source>From inbox-relay add-agent</source>
        <translation>De inbox-relay add-agent</translation>
    </message>
    <message>
        <source>Relay address</source>
        <translation>Dirección del relé</translation>
    </message>
    <message>
        <source>Agent token</source>
        <translation>Token de agente</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Relé</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
    <message>
        <source>IMIconnect refused the service key: check it in the service&apos;s settings.</source>
        <translation>IMIconnect rechazó la clave de servicio: revísela en la configuración del servicio.</translation>
    </message>
    <message>
        <source>iLiveIt refused the application token: check it on the developer portal.</source>
        <translation>iLiveIt rechazó el token de la aplicación: revíselo en el portal para desarrolladores.</translation>
    </message>
    <message>
        <source>LiveVox refused the sign-in. Check the client code, user name, password and access token, and the environment: your tenant is on one of NA3, NA4, NA5 or NA6, and on another one LiveVox answers &quot;authorization error&quot;.</source>
        <translation>LiveVox rechazó el inicio de sesión. Revise el código de cliente, el nombre de usuario, la contraseña y el token de acceso, y el entorno: su cliente está en uno de NA3, NA4, NA5 o NA6, y en otro LiveVox responde &quot;authorization error&quot;.</translation>
    </message>
    <message>
        <source>{0}
LiveVox said: {1}</source>
        <translation>{0}
LiveVox dijo: {1}</translation>
    </message>
    <message>
        <source>No connection to that server. Check the network and the environment or address.</source>
        <translation>No hay conexión con ese servidor. Revise la red y el entorno o la dirección.</translation>
    </message>
    <message>
        <source>That address does not answer like a {} API. Check the environment or server address.</source>
        <translation>Esa dirección no responde como una API de {}. Revise el entorno o la dirección del servidor.</translation>
    </message>
    <message>
        <source>No system keyring is available: password and token are kept only until you quit.</source>
        <translation>No hay un llavero del sistema disponible: la contraseña y el token se guardan solo hasta que cierre la aplicación.</translation>
    </message>
    <message>
        <source>No system keyring is available: the tokens and keys are kept only until you quit.</source>
        <translation>No hay un llavero del sistema disponible: los tokens y las claves se guardan solo hasta que cierre la aplicación.</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Volver a iniciar sesión</translation>
    </message>
    <message>
        <source>Your LiveVox session ended. Enter your password to continue.</source>
        <translation>Su sesión de LiveVox terminó. Ingrese su contraseña para continuar.</translation>
    </message>
    <message>
        <source>Your password has expired. Choose a new one to sign in.</source>
        <translation>Su contraseña ha caducado. Elija una nueva para iniciar sesión.</translation>
    </message>
    <message>
        <source>Your password was changed. Sign in with the new one.</source>
        <translation>Su contraseña se ha cambiado. Inicie sesión con la nueva.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>LiveVox Inbox</source>
        <translation>LiveVox Inbox</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Connection health</source>
        <translation>Estado de la conexión</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Reload inboxes and counts</source>
        <translation>Volver a cargar las bandejas y los contadores</translation>
    </message>
    <message>
        <source>Send a new SMS to a number</source>
        <translation>Enviar un SMS nuevo a un número</translation>
    </message>
    <message>
        <source>Mark the conversation unread</source>
        <translation>Marcar la conversación como no leída</translation>
    </message>
    <message>
        <source>Give the conversation back to the group inbox</source>
        <translation>Devolver la conversación a la bandeja del grupo</translation>
    </message>
    <message>
        <source>Take the conversation into my inbox</source>
        <translation>Tomar la conversación en mi bandeja</translation>
    </message>
    <message>
        <source>Transfer the conversation to another agent</source>
        <translation>Transferir la conversación a otro agente</translation>
    </message>
    <message>
        <source>Resolve the conversation with a term code</source>
        <translation>Resolver la conversación con un código de cierre</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>Sign out and clear local data…</source>
        <translation>Cerrar sesión y borrar los datos locales…</translation>
    </message>
    <message>
        <source>Sign out and remove drafts, queued messages and remembered passwords</source>
        <translation>Cerrar sesión y eliminar los borradores, los mensajes en cola y las contraseñas recordadas</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Cuenta</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>About LiveVox Inbox</source>
        <translation>Acerca de LiveVox Inbox</translation>
    </message>
    <message>
        <source>Open the next conversation</source>
        <translation>Abrir la conversación siguiente</translation>
    </message>
    <message>
        <source>Presenting</source>
        <translation>Presentando</translation>
    </message>
    <message>
        <source>Presenter mode is on</source>
        <translation>El modo presentación está activado</translation>
    </message>
    <message>
        <source>Open the previous conversation</source>
        <translation>Abrir la conversación anterior</translation>
    </message>
    <message>
        <source>Move to the newest message of the selected conversation</source>
        <translation>Ir al mensaje más reciente de la conversación seleccionada</translation>
    </message>
    <message>
        <source>Go to the message box</source>
        <translation>Ir al cuadro de mensaje</translation>
    </message>
    <message>
        <source>Resolve with the term code chosen last time, then open the next</source>
        <translation>Resolver con el código de cierre elegido la última vez y abrir la siguiente</translation>
    </message>
    <message>
        <source>Mark the selected conversations read</source>
        <translation>Marcar como leídas las conversaciones seleccionadas</translation>
    </message>
    <message>
        <source>Deal the selected conversations over the agents who are ready</source>
        <translation>Repartir las conversaciones seleccionadas entre los agentes disponibles</translation>
    </message>
    <message>
        <source>Add the next conversation to the selection</source>
        <translation>Añadir la conversación siguiente a la selección</translation>
    </message>
    <message>
        <source>Add the previous conversation to the selection</source>
        <translation>Añadir la conversación anterior a la selección</translation>
    </message>
    <message>
        <source>Select every conversation of this inbox that matches the filter</source>
        <translation>Seleccionar todas las conversaciones de esta bandeja que coinciden con el filtro</translation>
    </message>
    <message>
        <source>Larger text, numbers masked, notifications muted: for projecting</source>
        <translation>Texto más grande, números ocultos, avisos silenciados: para proyectar</translation>
    </message>
    <message>
        <source>Show or hide the agents you can transfer to</source>
        <translation>Mostrar u ocultar los agentes a quienes puede transferir</translation>
    </message>
    <message>
        <source>Filter the conversations by name, number or account</source>
        <translation>Filtrar las conversaciones por nombre, número o cuenta</translation>
    </message>
    <message>
        <source>Find an inbox or an action by typing</source>
        <translation>Buscar una bandeja o una acción escribiendo</translation>
    </message>
    <message>
        <source>Every keyboard shortcut</source>
        <translation>Todos los atajos de teclado</translation>
    </message>
    <message>
        <source>Theme, updates, notifications and keys</source>
        <translation>Tema, actualizaciones, notificaciones y teclas</translation>
    </message>
    <message>
        <source>Show inbox {} of the list</source>
        <translation>Mostrar la bandeja {} de la lista</translation>
    </message>
    <message>
        <source>Send what is in the message box</source>
        <translation>Enviar lo que hay en el cuadro de mensaje</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>C&amp;onversación</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>the {} menu</source>
        <translation>el menú {}</translation>
    </message>
    <message>
        <source>Go to {}</source>
        <translation>Ir a {}</translation>
    </message>
    <message>
        <source>LiveVox Inbox {0}

An agent inbox for LiveVox SMS.

Logs and crash reports: {1}</source>
        <translation>LiveVox Inbox {0}

Una bandeja de entrada para agentes de SMS de LiveVox.

Registros e informes de fallos: {1}</translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s) selected.</source>
        <translation>
            <numerusform>%n conversación seleccionada.</numerusform>
            <numerusform>%n conversaciones seleccionadas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading inboxes…</source>
        <translation>Cargando las bandejas…</translation>
    </message>
    <message>
        <source>Loading conversations…</source>
        <translation>Cargando las conversaciones…</translation>
    </message>
    <message>
        <source>Moved to the group inbox.</source>
        <translation>Se movió a la bandeja del grupo.</translation>
    </message>
    <message>
        <source>Taken into your personal inbox.</source>
        <translation>Se tomó en su bandeja personal.</translation>
    </message>
    <message>
        <source>Transferred to {}.</source>
        <translation>Se transfirió a {}.</translation>
    </message>
    <message>
        <source>Resolved.</source>
        <translation>Conversación resuelta.</translation>
    </message>
    <message>
        <source>Resolved with {}.</source>
        <translation>Resuelta con {}.</translation>
    </message>
    <message>
        <source>SMS to {0} sent (transaction {1}).</source>
        <translation>SMS a {0} enviado (transacción {1}).</translation>
    </message>
    <message>
        <source>SMS to {0} waits for the customer&apos;s texting hours: it goes out at {1} (your time).</source>
        <translation>El SMS a {0} espera al horario de mensajes del cliente: sale a las {1} (su hora).</translation>
    </message>
    <message>
        <source>SMS to {0} is held, not sent: {1}</source>
        <translation>El SMS a {0} está retenido, no enviado: {1}</translation>
    </message>
    <message>
        <source>SMS to {} is in the outbox; it is sent when the server answers.</source>
        <translation>El SMS a {} está en la bandeja de salida; se enviará cuando el servidor responda.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Sign out and remove your drafts, unsent messages and remembered password from this computer?</source>
        <translation>¿Cerrar sesión y eliminar de esta computadora sus borradores, los mensajes sin enviar y la contraseña recordada?</translation>
    </message>
    <message>
        <source>Sign out and clear</source>
        <translation>Cerrar sesión y borrar</translation>
    </message>
    <message>
        <source>Your LiveVox session ended and signing in again failed. Check your password, then retry.</source>
        <translation>Su sesión de LiveVox terminó y no se pudo volver a iniciar sesión. Revise su contraseña y reintente.</translation>
    </message>
</context>
<context>
    <name>MessageModel</name>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Usted</translation>
    </message>
</context>
<context>
    <name>NewSmsDialog</name>
    <message>
        <source>New SMS</source>
        <translation>Nuevo SMS</translation>
    </message>
    <message>
        <source>e.g. 555 010 0123</source>
        <translation>p. ej., 555 010 0123</translation>
    </message>
    <message>
        <source>To number</source>
        <translation>Número de destino</translation>
    </message>
    <message>
        <source>The customer&apos;s mobile number</source>
        <translation>El número móvil del cliente</translation>
    </message>
    <message>
        <source>From number</source>
        <translation>Número de origen</translation>
    </message>
    <message>
        <source>The number the customer sees</source>
        <translation>El número que ve el cliente</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <source>Start the message from a saved template</source>
        <translation>Empezar el mensaje desde una plantilla guardada</translation>
    </message>
    <message>
        <source>Write a message</source>
        <translation>Escribir un mensaje</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>The text to send</source>
        <translation>El texto que se enviará</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>The customer&apos;s account number, if there is one</source>
        <translation>El número de cuenta del cliente, si lo tiene</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s phone number (8 to 15 digits).</source>
        <translation>Ingrese el número de teléfono del cliente (de 8 a 15 dígitos).</translation>
    </message>
    <message>
        <source>Write a message or pick a template.</source>
        <translation>Escriba un mensaje o elija una plantilla.</translation>
    </message>
    <message>
        <source>There is no SMS code to send from.</source>
        <translation>No hay ningún código SMS desde el que enviar.</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segmento</numerusform>
            <numerusform>%n segmentos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>LiveVox Inbox</source>
        <translation>LiveVox Inbox</translation>
    </message>
    <message>
        <source>New message</source>
        <translation>Mensaje nuevo</translation>
    </message>
    <message>
        <source>New message from {0}: {1}</source>
        <translation>Mensaje nuevo de {0}: {1}</translation>
    </message>
    <message>
        <source>LiveVox Inbox — {} unread</source>
        <translation>LiveVox Inbox — {} sin leer</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve conversation</source>
        <translation>Resolver conversación</translation>
    </message>
    <message>
        <source>Term code</source>
        <translation>Código de cierre</translation>
    </message>
    <message>
        <source>How the conversation ended; keys 1 to 9 choose one</source>
        <translation>Cómo terminó la conversación; las teclas 1 a 9 eligen uno</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>Importe pagado</translation>
    </message>
    <message>
        <source>The payment this term code records</source>
        <translation>El pago que registra este código de cierre</translation>
    </message>
    <message>
        <source>No term code</source>
        <translation>Sin código de cierre</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>The account the resolution is recorded on</source>
        <translation>La cuenta en la que se registra la resolución</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Resolver</translation>
    </message>
    <message>
        <source>Resolve {}: it leaves your inbox.</source>
        <translation>Resolver {}: la conversación saldrá de su bandeja.</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Choose your service</source>
        <translation>Elija su servicio</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <source>Work in this service</source>
        <translation>Trabajar en este servicio</translation>
    </message>
    <message>
        <source>You have several services. Your messages are sent from the one you work in; this profile remembers your choice.</source>
        <translation>Tiene varios servicios. Sus mensajes se envían desde aquel en el que trabaja; este perfil recuerda su elección.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Light, dark, or as the system is set</source>
        <translation>Claro, oscuro o como esté el sistema</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Según el sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>Update interval in seconds</source>
        <translation>Intervalo de actualización en segundos</translation>
    </message>
    <message>
        <source>How often to check for new messages while the window is active</source>
        <translation>Cada cuánto buscar mensajes nuevos mientras la ventana está activa</translation>
    </message>
    <message>
        <source> s</source>
        <comment>seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Notify me when a customer writes</source>
        <translation>Avisarme cuando escriba un cliente</translation>
    </message>
    <message>
        <source>A desktop notification for each new customer message</source>
        <translation>Una notificación de escritorio por cada mensaje nuevo de un cliente</translation>
    </message>
    <message>
        <source>Play a sound with notifications</source>
        <translation>Reproducir un sonido con los avisos</translation>
    </message>
    <message>
        <source>A short sound with each notification</source>
        <translation>Un sonido breve con cada notificación</translation>
    </message>
    <message>
        <source>Hide customer numbers on screen (for projecting)</source>
        <translation>Ocultar los números de los clientes en pantalla (para proyectar)</translation>
    </message>
    <message>
        <source>Shows only the last digits of each number, for training on a projector</source>
        <translation>Muestra solo los últimos dígitos de cada número, para formar con un proyector</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The language of the app, from its next start</source>
        <translation>El idioma de la aplicación, desde el próximo inicio</translation>
    </message>
    <message>
        <source>The new language applies the next time you start the app.</source>
        <translation>El nuevo idioma se aplicará la próxima vez que inicie la aplicación.</translation>
    </message>
    <message>
        <source>About the language</source>
        <translation>Aviso sobre el idioma</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Check for new messages every</source>
        <translation>Buscar mensajes nuevos cada</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>Páginas de configuración</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Compliance</source>
        <translation>Cumplimiento</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Teclado</translation>
    </message>
    <message>
        <source>Texting starts at</source>
        <translation>Los mensajes empiezan a las</translation>
    </message>
    <message>
        <source>Texting ends at</source>
        <translation>Los mensajes terminan a las</translation>
    </message>
    <message>
        <source>In the customer&apos;s own time zone. The law allows 08:00 to 21:00; you can only make it narrower.</source>
        <translation>En la zona horaria del cliente. La ley permite de 08:00 a 21:00; solo puede acortarse.</translation>
    </message>
    <message>
        <source>Offer to add “Reply STOP to opt out” to the first message of the day</source>
        <translation>Ofrecer añadir «Responda STOP para darse de baja» al primer mensaje del día</translation>
    </message>
    <message>
        <source>Each customer must be told how to opt out</source>
        <translation>A cada cliente hay que decirle cómo darse de baja</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>Moving around</source>
        <translation>Desplazarse</translation>
    </message>
    <message>
        <source>The app</source>
        <translation>La aplicación</translation>
    </message>
    <message>
        <source>Go to inbox {}</source>
        <translation>Ir a la bandeja {}</translation>
    </message>
    <message>
        <source>Next conversation</source>
        <translation>Conversación siguiente</translation>
    </message>
    <message>
        <source>Previous conversation</source>
        <translation>Conversación anterior</translation>
    </message>
    <message>
        <source>Select the next one too</source>
        <translation>Seleccionar también la siguiente</translation>
    </message>
    <message>
        <source>Select the previous one too</source>
        <translation>Seleccionar también la anterior</translation>
    </message>
    <message>
        <source>Select all that match the filter</source>
        <translation>Seleccionar todas las que coinciden con el filtro</translation>
    </message>
    <message>
        <source>Read the conversation</source>
        <translation>Leer la conversación</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Responder</translation>
    </message>
    <message>
        <source>Send the reply</source>
        <translation>Enviar la respuesta</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Resolver…</translation>
    </message>
    <message>
        <source>Resolve with the same term code</source>
        <translation>Resolver con el mismo código de cierre</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transferir…</translation>
    </message>
    <message>
        <source>Spread over the team…</source>
        <translation>Repartir entre el equipo…</translation>
    </message>
    <message>
        <source>Mark unread</source>
        <translation>Marcar no leída</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>Marcar como leída</translation>
    </message>
    <message>
        <source>To group</source>
        <translation>Al grupo</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Tomar</translation>
    </message>
    <message>
        <source>Show the team</source>
        <translation>Mostrar el equipo</translation>
    </message>
    <message>
        <source>Presenter mode</source>
        <translation>Modo presentación</translation>
    </message>
    <message>
        <source>New SMS…</source>
        <translation>SMS nuevo…</translation>
    </message>
    <message>
        <source>Filter conversations</source>
        <translation>Filtrar conversaciones</translation>
    </message>
    <message>
        <source>Go to an inbox or do an action…</source>
        <translation>Ir a una bandeja o hacer una acción…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
</context>
<context>
    <name>TeamPane</name>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>{0} — {1} · holds {2}</source>
        <translation>{0} — {1} · tiene {2}</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Equipo</translation>
    </message>
    <message>
        <source>Agents you can transfer to</source>
        <translation>Agentes a quienes puede transferir</translation>
    </message>
    <message>
        <source>Drop conversations on an agent to transfer them</source>
        <translation>Suelte conversaciones sobre un agente para transferírselas</translation>
    </message>
    <message>
        <source>Open a conversation to see who can take it.</source>
        <translation>Abra una conversación para ver quién puede tomarla.</translation>
    </message>
    <message numerus="yes">
        <source>%n ready</source>
        <translation>
            <numerusform>%n disponible</numerusform>
            <numerusform>%n disponibles</numerusform>
        </translation>
    </message>
    <message>
        <source>drop conversations on an agent</source>
        <translation>suelte conversaciones sobre un agente</translation>
    </message>
</context>
<context>
    <name>ThreadDelegate</name>
    <message>
        <source>Acct {}</source>
        <comment>account number</comment>
        <translation>Cta. {}</translation>
    </message>
    <message>
        <source>replied</source>
        <translation>respondida</translation>
    </message>
    <message>
        <source>awaiting reply</source>
        <translation>sin responder</translation>
    </message>
</context>
<context>
    <name>ThreadHeader</name>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Conversation details</source>
        <translation>Detalles de la conversación</translation>
    </message>
    <message>
        <source>No conversation selected</source>
        <translation>Ninguna conversación seleccionada</translation>
    </message>
    <message>
        <source>Pick a conversation from the list.</source>
        <translation>Elija una conversación de la lista.</translation>
    </message>
    <message>
        <source>Account {}</source>
        <translation>Cuenta {}</translation>
    </message>
    <message>
        <source>No account</source>
        <translation>Sin cuenta</translation>
    </message>
</context>
<context>
    <name>ThreadListModel</name>
    <message>
        <source>account {}</source>
        <translation>cuenta {}</translation>
    </message>
    <message>
        <source>unread</source>
        <translation>no leída</translation>
    </message>
    <message>
        <source>read</source>
        <translation>leída</translation>
    </message>
</context>
<context>
    <name>ThreadListView</name>
    <message>
        <source>Filter by name, number or account</source>
        <translation>Filtrar por nombre, número o cuenta</translation>
    </message>
    <message>
        <source>Filter conversations</source>
        <translation>Filtrar conversaciones</translation>
    </message>
    <message>
        <source>Show only conversations matching a name, number or account</source>
        <translation>Mostrar solo las conversaciones que coincidan con un nombre, número o cuenta</translation>
    </message>
    <message>
        <source>Selected conversations</source>
        <translation>Conversaciones seleccionadas</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n seleccionada</numerusform>
            <numerusform>%n seleccionadas</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>The conversations of the chosen inbox, newest first</source>
        <translation>Las conversaciones de la bandeja elegida, las más recientes primero</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer conversation</source>
        <translation>Transferir conversación</translation>
    </message>
    <message>
        <source>Transfer {} to…</source>
        <translation>Transferir {} a…</translation>
    </message>
    <message>
        <source>Search agents</source>
        <translation>Buscar agentes</translation>
    </message>
    <message>
        <source>Type part of an agent&apos;s name or login</source>
        <translation>Escriba parte del nombre o del usuario de un agente</translation>
    </message>
    <message>
        <source>Agents who can take the conversation</source>
        <translation>Agentes que pueden tomar la conversación</translation>
    </message>
    <message>
        <source>Available agents first</source>
        <translation>Primero los agentes disponibles</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transferir</translation>
    </message>
    <message>
        <source>Loading agents…</source>
        <translation>Cargando agentes…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>No agent on your team can take this conversation right now.</source>
        <translation>En este momento, ningún agente de su equipo puede tomar esta conversación.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>LiveVox Inbox</source>
        <translation>LiveVox Inbox</translation>
    </message>
    <message>
        <source>Something went wrong inside the app. Your drafts and queued messages are saved.

A report (without passwords or session ids) is in:
{}</source>
        <translation>Algo salió mal dentro de la aplicación. Sus borradores y mensajes en cola están guardados.

Hay un informe (sin contraseñas ni identificadores de sesión) en:
{}</translation>
    </message>
    <message>
        <source>Demo server {0} · {1}</source>
        <translation>Servidor de demostración {0} · {1}</translation>
    </message>
</context>
<context>
    <name>describe</name>
    <message>
        <source>This conversation has no phone number.</source>
        <translation>Esta conversación no tiene número de teléfono.</translation>
    </message>
    <message>
        <source>The server did not give this conversation an id.</source>
        <translation>El servidor no le asignó un identificador a esta conversación.</translation>
    </message>
    <message>
        <source>It is not known whether this SMS was sent. Check before sending it again.</source>
        <translation>No se sabe si este SMS se envió. Verifíquelo antes de volver a enviarlo.</translation>
    </message>
    <message>
        <source>An empty message cannot be sent.</source>
        <translation>No se puede enviar un mensaje vacío.</translation>
    </message>
    <message>
        <source>{0} is limiting requests; trying again in {1} s.</source>
        <translation>{0} está limitando las solicitudes; se volverá a intentar en {1} s.</translation>
    </message>
    <message>
        <source>{0} answered with HTTP status {1}.</source>
        <translation>{0} respondió con el estado HTTP {1}.</translation>
    </message>
    <message>
        <source>{} refused the request.</source>
        <translation>{} rechazó la solicitud.</translation>
    </message>
    <message>
        <source>{} rejected the request as incomplete or contradictory.</source>
        <translation>{} rechazó la solicitud por incompleta o contradictoria.</translation>
    </message>
    <message>
        <source>Your {} session has expired. Please sign in again.</source>
        <translation>Su sesión de {} expiró. Vuelva a iniciar sesión.</translation>
    </message>
    <message>
        <source>{} refused the sign-in: check the details you signed in with.</source>
        <translation>{} rechazó el inicio de sesión: revise los datos con los que inició sesión.</translation>
    </message>
    <message>
        <source>Your {} password has expired: change it to sign in.</source>
        <translation>Su contraseña de {} ha caducado: cámbiela para iniciar sesión.</translation>
    </message>
    <message>
        <source>Your {} role is not allowed to do this.</source>
        <translation>Su rol en {} no tiene permiso para hacer esto.</translation>
    </message>
    <message>
        <source>{} could not find what was asked for.</source>
        <translation>{} no encontró lo que se pidió.</translation>
    </message>
    <message>
        <source>{} refused: the conversation changed in the meantime.</source>
        <translation>{} lo rechazó: la conversación cambió mientras tanto.</translation>
    </message>
    <message>
        <source>{} is limiting requests right now.</source>
        <translation>{} está limitando las solicitudes en este momento.</translation>
    </message>
    <message>
        <source>The {} server had a problem. Please try again shortly.</source>
        <translation>El servidor de {} tuvo un problema. Vuelva a intentarlo en unos momentos.</translation>
    </message>
    <message>
        <source>The {} server sent an answer this app does not understand.</source>
        <translation>El servidor de {} envió una respuesta que esta aplicación no entiende.</translation>
    </message>
    <message>
        <source>The connection to the {} server broke off or timed out.</source>
        <translation>La conexión con el servidor de {} se cortó o se agotó el tiempo de espera.</translation>
    </message>
    <message>
        <source>Could not connect to the {} server. Check the address and the network.</source>
        <translation>No se pudo conectar con el servidor de {}. Revise la dirección y la red.</translation>
    </message>
    <message>
        <source>Not signed in to {}.</source>
        <translation>No ha iniciado sesión en {}.</translation>
    </message>
    <message>
        <source>The request was incomplete, so it was not sent to {}.</source>
        <translation>La solicitud estaba incompleta, así que no se envió a {}.</translation>
    </message>
    <message>
        <source>The relay refused the agent token: check it, or ask whoever runs the relay for a new one.</source>
        <translation>El relé rechazó el token de agente: revíselo o pida uno nuevo a quien administra el relé.</translation>
    </message>
    <message>
        <source>No relay answered at that address. Check the relay address and the network.</source>
        <translation>Ningún relé respondió en esa dirección. Revise la dirección del relé y la red.</translation>
    </message>
    <message>
        <source>{} has not reported on this message yet; checking again shortly.</source>
        <translation>{} aún no informó sobre este mensaje; se volverá a comprobar en breve.</translation>
    </message>
    <message>
        <source>{} cannot do this.</source>
        <translation>{} no permite hacer esto.</translation>
    </message>
    <message>
        <source>No agent is available to take conversations right now.</source>
        <translation>Ahora mismo no hay ningún agente disponible para tomar conversaciones.</translation>
    </message>
    <message>
        <source>The customer opted out of text messages; nothing is sent to them.</source>
        <translation>El cliente se dio de baja de los mensajes de texto; no se le envía nada.</translation>
    </message>
    <message>
        <source>It is outside texting hours for this customer; the message is held.</source>
        <translation>Está fuera del horario de mensajes para este cliente; el mensaje queda retenido.</translation>
    </message>
    <message>
        <source>This is not a valid phone number, so nothing is sent to it.</source>
        <translation>Este no es un número de teléfono válido, así que no se le envía nada.</translation>
    </message>
    <message>
        <source>The customer&apos;s time zone cannot be told from the number, so the message is held.</source>
        <translation>No se puede saber la zona horaria del cliente por su número, así que el mensaje queda retenido.</translation>
    </message>
    <message>
        <source>Sending is unavailable: you are not working in a {} service. Choose one in Account ▸ Choose service, or ask your supervisor for access to one.</source>
        <translation>No se puede enviar: no está trabajando en ningún servicio de {}. Elija uno en Cuenta ▸ Elegir servicio, o pida a su supervisor acceso a uno.</translation>
    </message>
    <message>
        <source>mark the conversation read</source>
        <translation>marcar la conversación como leída</translation>
    </message>
    <message>
        <source>mark the conversation unread</source>
        <translation>marcar la conversación como no leída</translation>
    </message>
    <message>
        <source>move the conversation to the group inbox</source>
        <translation>mover la conversación a la bandeja del grupo</translation>
    </message>
    <message>
        <source>take the conversation</source>
        <translation>tomar la conversación</translation>
    </message>
    <message>
        <source>resolve the conversation</source>
        <translation>resolver la conversación</translation>
    </message>
    <message>
        <source>send the message</source>
        <translation>enviar el mensaje</translation>
    </message>
    <message>
        <source>send the new SMS</source>
        <translation>enviar el nuevo SMS</translation>
    </message>
    <message>
        <source>sign in</source>
        <translation>iniciar sesión</translation>
    </message>
    <message>
        <source>{0} ({1} said: {2}.)</source>
        <translation>{0} ({1} dijo: {2}.)</translation>
    </message>
    <message>
        <source>{0} The inbox will be refreshed to show what {1} did.</source>
        <translation>{0} La bandeja se actualizará para mostrar lo que hizo {1}.</translation>
    </message>
    <message>
        <source>{} time zones</source>
        <translation>{} zonas horarias</translation>
    </message>
    <message>
        <source>It is {0} for this customer ({1}); no hour of the day is inside the texting window in all of them</source>
        <translation>Son las {0} para este cliente ({1}); ninguna hora del día está dentro del horario de mensajes en todas ellas</translation>
    </message>
    <message>
        <source>It is {0} for this customer ({1}); texting opens at {2}</source>
        <translation>Son las {0} para este cliente ({1}); los mensajes se abren a las {2}</translation>
    </message>
    <message>
        <source>Send at {} their time</source>
        <translation>Enviar a las {} hora del cliente</translation>
    </message>
    <message>
        <source>The customer opted out with “{0}” at {1}. Texting them is locked until they send START.</source>
        <translation>El cliente se dio de baja con «{0}» ({1}). Los mensajes a este cliente están bloqueados hasta que envíe START.</translation>
    </message>
    <message>
        <source>The customer opted back in at {}.</source>
        <translation>El cliente volvió a darse de alta: {}.</translation>
    </message>
    <message>
        <source>The customer asked for help (“{0}”, {1}): say who you are and how to opt out.</source>
        <translation>El cliente pidió ayuda («{0}», {1}): diga quién es y cómo darse de baja.</translation>
    </message>
    <message>
        <source>transfer the conversation to {}</source>
        <translation>transferir la conversación a {}</translation>
    </message>
    <message>
        <source>Could not {0}: {1}</source>
        <translation>No se pudo {0}: {1}</translation>
    </message>
    <message>
        <source>Something went wrong ({}). The details are in the log.</source>
        <translation>Algo salió mal ({}). Los detalles están en el registro.</translation>
    </message>
</context>
<context>
    <name>wording</name>
    <message>
        <source>Account {}</source>
        <translation>Cuenta {}</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <source>Accepted, not sent yet</source>
        <translation>Aceptado, aún no enviado</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregado</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>No entregado</translation>
    </message>
    <message>
        <source>Delivery not known</source>
        <translation>Entrega desconocida</translation>
    </message>
    <message>
        <source>{} has no agents to transfer conversations to.</source>
        <translation>{} no tiene agentes a quienes transferir conversaciones.</translation>
    </message>
    <message>
        <source>{} has no way to resolve a conversation.</source>
        <translation>{} no permite resolver una conversación.</translation>
    </message>
    <message>
        <source>{} has no group inboxes to take conversations from or give them back to.</source>
        <translation>{} no tiene bandejas de grupo de las que tomar conversaciones ni a las que devolverlas.</translation>
    </message>
    <message>
        <source>{} cannot do this.</source>
        <translation>{} no permite hacer esto.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Session expired — sign in again</source>
        <translation>Sesión expirada — vuelva a iniciar sesión</translation>
    </message>
    <message>
        <source>Offline — retrying in {} s</source>
        <translation>Sin conexión — reintentando en {} s</translation>
    </message>
    <message>
        <source>Offline — retrying</source>
        <translation>Sin conexión — reintentando</translation>
    </message>
    <message>
        <source>Connection trouble — retrying in {} s</source>
        <translation>Problemas de conexión — reintentando en {} s</translation>
    </message>
    <message>
        <source>Connection trouble — retrying</source>
        <translation>Problemas de conexión — reintentando</translation>
    </message>
    <message>
        <source>Queued — sends when LiveVox answers</source>
        <translation>En cola — se enviará cuando LiveVox responda</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Checking whether it was sent…</source>
        <translation>Verificando si se envió…</translation>
    </message>
    <message>
        <source>Held — {0} Goes out at {1} (your time).</source>
        <translation>Retenido — {0} Sale a las {1} (su hora).</translation>
    </message>
    <message>
        <source>Held, not sent — {} · double-click to try again</source>
        <translation>Retenido, no enviado — {} · doble clic para reintentar</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>No enviado</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenido</translation>
    </message>
    <message>
        <source>Not sent — {}</source>
        <translation>No enviado — {}</translation>
    </message>
    <message>
        <source>{} · double-click to try again</source>
        <translation>{} · doble clic para reintentar</translation>
    </message>
</context>
</TS>
