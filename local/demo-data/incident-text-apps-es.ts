import type { IncidentScenarioKey } from './incident-scenarios';
import type { IncidentText } from './template-types';

/** Textos de incidencias en español para aplicaciones, OT, accesos y seguridad. */
export const APP_INCIDENT_TEXT_ES = {
  rtu_comms_loss: {
    short: ['La RTU de la subestación {site} no comunica con el SCADA', 'Sin comunicación con {ci} ({error})'],
    description: [
      'Nos avisan de la sala de control de que todas las telemedidas de la subestación {site} están congeladas desde las {time}. En el SCADA aparece {error} para {ci}. Posiciones de interruptores y medidas sin refrescar; el operador no puede telemandar.',
      'Desde las {time} el SCADA marca {ci} en fallo de comunicaciones ({error}). Hay {count} señales de la subestación {site} sin actualizar. Lo reporta {user} desde la sala de control.',
    ],
    resolution: [
      'La brigada de telecomunicaciones reinició la tarjeta de comunicaciones de la RTU en {site}; se recupera el sondeo DNP3 y todas las señales refrescan. Causa: router 4G de la subestación averiado, se sustituye.',
      'El enlace de la red OT con {site} estaba inestable; la operadora reparó el circuito. Telemedidas recuperadas a las {time}, confirmado por la sala de control.',
    ],
  },
  scada_alarm_flood: {
    short: [
      'Lista de alarmas del SCADA congelada durante el temporal',
      'Avalancha de alarmas en {ci}, la lista no refresca',
    ],
    description: [
      'Durante el temporal la lista de alarmas del SCADA dejó de refrescar a las {time}. Hay más de {count} alarmas en cola y los operadores no pueden reconocerlas. Afecta a la operación de la red.',
      'Los operadores indican que el resumen de alarmas de {ci} está congelado desde las {time} con {count} alarmas sin reconocer. Necesitamos ayuda urgente, hay temporal.',
    ],
    resolution: [
      'Se reinició el servicio de procesado de alarmas en el servidor de reserva y se conmutó; la lista de alarmas se recupera. Abierto caso con el fabricante por el fallo del procesador de alarmas.',
      'Cola de procesado de alarmas vaciada tras conmutar a reserva. La solución definitiva viene con la próxima versión del EMS.',
    ],
  },
  scada_hmi_slow: {
    short: ['Las pantallas del SCADA tardan mucho en abrir', 'Unifilares muy lentos en {ci}'],
    description: [
      'Abrir los unifilares en el HMI del SCADA tarda más de {minutes} segundos desde las {time}. Afecta a varios puestos de la sala de control, lo reporta {user}.',
      'Los operadores dicen que el HMI de {ci} va muy lento; una pantalla tarda {minutes} segundos en vez de 2.',
    ],
    resolution: [
      'Las consultas al histórico bloqueaban el servidor de pantallas; se movieron los informes fuera de hora punta y se reinició el proceso del HMI. Tiempos normales.',
      'Se regeneró la caché de pantallas en los servidores HMI; tiempos de apertura normales.',
    ],
  },
  oms_outage_not_created: {
    short: [
      'El OMS no genera avisos de avería a partir de las llamadas',
      'Llamadas de clientes atascadas en {ci} - {error}',
    ],
    description: [
      'Las llamadas de clientes se registran en el call center pero desde las {time} no aparecen averías en el OMS. Hay unas {count} llamadas pendientes. En el log sale {error}.',
      'El {ci} no agrupa las llamadas en averías desde las {time}; no hay predicción de descargos. Afecta a la reposición del temporal.',
    ],
    resolution: [
      'Se reinició el procesador de llamadas y se reprocesaron las {count} llamadas en cola; averías creadas correctamente.',
      'Se corrigió un elemento corrupto del modelo de red que hacía fallar al motor de predicción; se reprocesó la cola.',
    ],
  },
  oms_crew_sync: {
    short: ['Las brigadas no reciben las órdenes de trabajo', 'Falla la sincronización de movilidad con {ci}'],
    description: [
      'Las brigadas indican que desde las {time} no les llegan las órdenes de trabajo nuevas a las tablets. En despacho aparecen asignadas en el OMS. Afecta a {count} brigadas.',
      'Falla la sincronización entre el OMS y la app de movilidad en los equipos de las brigadas; la última sincronización correcta fue a las {time}.',
    ],
    resolution: [
      'Se había renovado el certificado del servicio de integración sin la CA intermedia; corregida la cadena y sincronización recuperada para todas las brigadas.',
      'Se reinició el bróker de integración de movilidad; se entregaron las órdenes pendientes.',
    ],
  },
  sap_billing_stuck: {
    short: ['Facturación masiva atascada en SAP IS-U', 'El job de facturación no termina - {error}'],
    description: [
      'La facturación masiva nocturna que empezó a las {time} no ha terminado; quedan {count} contratos pendientes. Error: {error}. Las facturas tienen que salir hoy.',
      'El job de facturación de {ci} lleva horas en ejecución, en la SM37 aparece {error}. Finanzas pregunta cómo va.',
    ],
    resolution: [
      'Se canceló el job, se borraron las entradas de bloqueo y se relanzó la facturación en modo paralelo; terminó a las {time}.',
      'Se aumentó la tabla de bloqueos y se relanzó el job; todos los contratos facturados.',
    ],
  },
  sap_short_dump: {
    short: ['Dump {error} en SAP IS-U', 'Dump de ABAP al contabilizar cobros en {ci}'],
    description: [
      'Desde las {time} los usuarios obtienen un dump {error} al contabilizar los cobros. Lo reporta {user}; afecta a unos {count} usuarios.',
      'En la ST22 aparece {error} una y otra vez en {ci} con la transacción de lotes de pago.',
    ],
    resolution: [
      'Se aplicó la nota SAP para {error}; la transacción vuelve a funcionar.',
      'Se corrigió el dato maestro erróneo que provocaba el dump; los usuarios lo confirman.',
    ],
  },
  mdm_reads_missing: {
    short: ['Faltan lecturas horarias en el MDM', '{count} contadores sin lecturas en {ci}'],
    description: [
      'El MDM no tiene curva horaria de ayer para {count} contadores. El head-end dejó los ficheros a las {time} pero no se cargaron.',
      'Faltan las lecturas del último ciclo en {ci}; no se pueden calcular los datos de facturación.',
    ],
    resolution: [
      'El proceso de carga falló con un fichero mal formado; se corrigió el fichero y se recargó. Lecturas completas.',
      'Se cargaron a mano los ficheros pendientes y se arregló el vigilante de ficheros; están todas las lecturas.',
    ],
  },
  mdm_estimation_spike: {
    short: ['Demasiadas lecturas estimadas en el MDM', 'La validación está estimando el {pct}% de las lecturas'],
    description: [
      'La validación (VEE) está estimando alrededor del {pct}% de las lecturas desde la última ejecución de las {time}; lo normal es menos del 2%. Habrá reclamaciones de facturación.',
      'El porcentaje de estimación en {ci} ha subido al {pct}% tras la última carga.',
    ],
    resolution: [
      'La deriva del reloj de un lote de contadores hacía fallar la validación horaria; se ajustó la tolerancia de la regla y se revalidaron las lecturas.',
      'Se volvió a pasar la VEE cuando llegaron las lecturas de registro que faltaban; estimación normal.',
    ],
  },
  ami_meters_unreachable: {
    short: ['{count} contadores inteligentes sin comunicación', 'Head-end AMI: contadores inaccesibles ({error})'],
    description: [
      'El head-end {ci} muestra {count} contadores sin comunicación desde las {time}, todos detrás del mismo concentrador ({error}).',
      'Fallan las lecturas bajo demanda de toda una zona; {ci} indica {error}.',
    ],
    resolution: [
      'La brigada cambió la fuente de alimentación del concentrador; los contadores vuelven a la malla.',
      'La operadora restableció el enlace móvil; contadores de nuevo en línea.',
    ],
  },
  gis_layer_not_loading: {
    short: ['No carga la capa de alimentadores del GIS', 'Error en el servicio de mapas de {ci}'],
    description: [
      'La capa de alimentadores no carga en el visor web del GIS desde las {time}; los usuarios obtienen {error}.',
      'Los ingenieros no pueden abrir el mapa de red en {ci}: {error}.',
    ],
    resolution: [
      'Se reinició el servicio de mapas y se vació la caché de teselas.',
      'El servicio de mapas se quedó parado tras reiniciar el servidor; se configuró el arranque automático.',
    ],
  },
  portal_login_errors: {
    short: [
      'Los clientes no pueden entrar en el portal ({error})',
      'Falla el inicio de sesión en el portal de clientes',
    ],
    description: [
      'Desde las {time} los clientes no pueden iniciar sesión en el portal de autoservicio; el login devuelve {error}. Unos {count} intentos fallidos en la última hora.',
      'El acceso al portal de clientes falla con {error}; el call center está recibiendo quejas.',
    ],
    resolution: [
      'Se rotó la clave de firma del proveedor de identidad sin actualizar el portal; se actualizó la configuración y el acceso funciona.',
      'Se reiniciaron los pods del portal tras llenarse el almacén de sesiones; los clientes ya entran.',
    ],
  },
  portal_payment_failures: {
    short: ['Fallan los pagos online en el portal de clientes', 'Error en la pasarela de pago ({error})'],
    description: [
      'Desde las {time} los clientes no pueden pagar sus facturas online: el pago termina con {error}. Van {count} pagos fallidos.',
      'Las llamadas de {ci} a la pasarela de pago fallan con {error}.',
    ],
    resolution: [
      'El proveedor de pagos tuvo una caída; los pagos se recuperaron a las {time}. Sin actuación por nuestra parte.',
      'Faltaba la regla del proxy de salida hacia el proveedor de pagos tras el cambio en el cortafuegos; se restauró la regla.',
    ],
  },
  email_delivery_delay: {
    short: ['Los correos llegan con retraso', 'Correo saliente atascado en la cola ({error})'],
    description: [
      'Los usuarios indican que los correos tardan más de {minutes} minutos en llegar desde las {time}. La cola de transporte muestra {error}.',
      'No se entrega el correo externo; las colas de {ci} siguen creciendo.',
    ],
    resolution: [
      'El smart host rechazaba conexiones; se reinició el servicio de transporte y las colas se vaciaron.',
      'Había caducado la licencia de la pasarela antispam; renovada y flujo de correo recuperado.',
    ],
  },
  mailbox_full: {
    short: ['Buzón lleno, no puedo enviar correos', 'Outlook dice que el buzón ha superado la cuota'],
    description: [
      '{user} no puede enviar correos: Outlook dice que el buzón está lleno. Lo necesita ya para contestar a un cliente.',
      'El buzón de {user} está por encima de la cuota desde las {time}; no deja enviar.',
    ],
    resolution: [
      'Se activó el archivo online y se movieron los elementos antiguos; ya puede enviar.',
      'Se amplió la cuota temporalmente y se explicó al usuario cómo limpiar los adjuntos grandes.',
    ],
  },
  password_expired_vpn: {
    short: ['No puedo entrar en la VPN, la contraseña ha caducado', 'Fallo de acceso a la VPN por contraseña caducada'],
    description: [
      '{user} no puede conectarse a la VPN desde casa desde las {time}; el cliente dice que la contraseña ha caducado y no le deja cambiarla en remoto.',
      'El usuario {user} se ha quedado sin VPN porque la contraseña caducó mientras estaba de vacaciones.',
    ],
    resolution: [
      'El CAU restablece la contraseña tras verificar la identidad; el usuario ya conecta.',
      'Se guió al usuario por el autoservicio de cambio de contraseña; la VPN funciona.',
    ],
  },
  vpn_disconnects: {
    short: ['La VPN se desconecta cada pocos minutos', 'Se caen las conexiones VPN de los usuarios en remoto'],
    description: [
      'Desde las {time} varios usuarios en remoto pierden la VPN cada {minutes} minutos, lo reporta {user}.',
      'Las sesiones VPN de {ci} se cortan una y otra vez; los usuarios tienen que volver a conectar.',
    ],
    resolution: [
      'El gateway se quedó sin direcciones IP en el pool; se amplió el pool.',
      'La versión del cliente no era compatible con el gateway nuevo; se distribuyó el cliente actualizado.',
    ],
  },
  account_locked: {
    short: ['Cuenta bloqueada', 'El usuario no puede entrar, cuenta de AD bloqueada'],
    description: [
      '{user} tiene la cuenta de red bloqueada desde las {time}; se vuelve a bloquear después de desbloquearla.',
      'La cuenta de {user} está bloqueada, seguramente por una contraseña antigua guardada en el móvil.',
    ],
    resolution: [
      'La contraseña antigua estaba guardada en el perfil de correo del móvil; se quitó y se desbloqueó la cuenta.',
      'Cuenta desbloqueada y contraseña restablecida; el usuario ya entra.',
    ],
  },
  certificate_expired: {
    short: ['Certificado caducado en {ci}', 'El navegador da error de certificado en {ci}'],
    description: [
      'Desde las {time} los usuarios reciben un aviso de certificado al abrir {ci}; el certificado TLS ha caducado.',
      'Fallan las conexiones a {ci} porque el certificado ha caducado; las integraciones rechazan la conexión.',
    ],
    resolution: [
      'Se instaló el certificado renovado y se actualizó el perfil SSL.',
      'Se emitió e instaló un certificado de emergencia; se añadió el aviso de renovación al inventario de certificados.',
    ],
  },
} satisfies Partial<Record<IncidentScenarioKey, IncidentText>>;
