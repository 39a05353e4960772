import type { IncidentScenarioKey } from './incident-scenarios';
import type { IncidentText } from './template-types';

/** Textos de incidencias en español para servidores, bases de datos, red, plataforma y puestos. */
export const INFRA_INCIDENT_TEXT_ES = {
  disk_full: {
    short: ['Sistema de ficheros {error} lleno en {ci}', 'Alerta de espacio en {ci}: {error} al {pct}%'],
    description: [
      'Alerta de monitorización a las {time}: el sistema de ficheros {error} de {ci} está al {pct}%. La aplicación puede dejar de escribir los logs.',
      'No queda espacio en {error} de {ci}; la aplicación no puede escribir ficheros desde las {time}.',
    ],
    resolution: [
      'Se comprimieron y borraron logs antiguos de la aplicación y se corrigió la configuración de logrotate. Uso actual del 60%.',
      'Se amplió el volumen 50 GB; el uso vuelve a estar por debajo del umbral.',
    ],
  },
  high_cpu: {
    short: ['CPU alta en {ci}', 'CPU al {pct}% en {ci}'],
    description: [
      'El uso de CPU de {ci} está por encima del {pct}% desde las {time}; los usuarios de {service} notan lentitud.',
      'La monitorización muestra CPU alta sostenida ({pct}%) en {ci} durante los últimos {minutes} minutos.',
    ],
    resolution: [
      'Un proceso de informes descontrolado se comía la CPU; se mató y se avisó al responsable del informe.',
      'El análisis completo del antivirus se ejecutaba en horario laboral; se pasó a la noche.',
    ],
  },
  server_unresponsive: {
    short: ['El servidor {ci} no responde', '{ci} caído, no responde a ping'],
    description: [
      '{ci} dejó de responder a las {time}: no hace ping y no se puede entrar por SSH/RDP. Afecta a {service}.',
      'La monitorización indica que {ci} no es accesible desde las {time}; la aplicación que corre en él está caída.',
    ],
    resolution: [
      'El servidor se colgó tras un kernel panic; se reinició desde la consola del hipervisor y los servicios se recuperaron.',
      'El host se quedó congelado por falta de memoria; se reinició y se amplió la memoria.',
    ],
  },
  service_stopped: {
    short: ['Servicio {error} parado en {ci}', 'El servicio {error} no está arrancado en {ci}'],
    description: [
      'El servicio {error} de {ci} se paró a las {time} y no arranca solo.',
      'Los usuarios ven errores; el servicio {error} de {ci} está parado.',
    ],
    resolution: [
      'Se arrancó el servicio y se configuró la recuperación para que se reinicie si falla.',
      'El servicio fallaba por la contraseña caducada de la cuenta de servicio; se actualizó la contraseña y se arrancó.',
    ],
  },
  db_slow: {
    short: ['Base de datos {ci} muy lenta', 'Consultas lentas en {ci}'],
    description: [
      'La base de datos {ci} va muy lenta desde las {time}; las pantallas de {service} tardan más de {minutes} segundos en cargar.',
      'Consultas de larga duración en {ci}; los procesos batch van con retraso y los usuarios se quejan de lentitud.',
    ],
    resolution: [
      'Estadísticas desactualizadas en las tablas principales; se recalcularon y el plan de ejecución volvió a ser el normal.',
      'Faltaba un índice tras la última versión y se hacían lecturas completas de tabla; se creó el índice.',
    ],
  },
  db_tablespace_full: {
    short: ['{error} en {ci}: tablespace lleno', 'Tablespace lleno en {ci} ({error})'],
    description: [
      'Errores en la aplicación desde las {time}: {error}, no se puede extender el segmento en {ci}. Fallan las inserciones.',
      'En el alert log de {ci} aparece {error}; el tablespace está al {pct}%.',
    ],
    resolution: [
      'Se añadió un datafile al tablespace y se activó el autoextend.',
      'Se purgaron las tablas de staging y se añadió espacio; se bajó el umbral de la monitorización.',
    ],
  },
  db_connection_refused: {
    short: ['No se puede conectar a la base de datos {ci}', 'Errores de conexión a la base de datos: {error}'],
    description: [
      'Desde las {time} la aplicación no puede conectar con {ci}: {error}.',
      'Los intentos de conexión a {ci} fallan con {error}; {service} no funciona para los usuarios.',
    ],
    resolution: [
      'El listener se quedó parado tras reiniciar el servidor; se arrancó y se activó el arranque automático.',
      'Una fuga de conexiones en la aplicación agotó las conexiones; se reinició la aplicación y se subió el máximo de conexiones.',
    ],
  },
  db_replication_lag: {
    short: ['Retraso de réplica en {ci}', 'El standby de {ci} va {minutes} minutos por detrás'],
    description: [
      'La base de datos standby de {ci} va {minutes} minutos por detrás del primario desde las {time}.',
      'Alerta de retraso de réplica en {ci}; los informes que tiran del standby muestran datos antiguos.',
    ],
    resolution: [
      'Una copia de backup saturaba el enlace con el CPD de respaldo; se reprogramó y el standby se puso al día.',
      'Se reinició el proceso de aplicación de cambios en el standby; retraso a cero.',
    ],
  },
  db_backup_failed: {
    short: ['Ha fallado el backup de {ci}', 'El backup nocturno de {ci} falla: {error}'],
    description: [
      'El backup nocturno de {ci} falló a las {time} con {error}.',
      'El trabajo de copia de seguridad de {ci} terminó con errores ({error}); no hay copia válida desde ayer.',
    ],
    resolution: [
      'El destino de backup estaba lleno; se caducaron las copias antiguas según la retención y se relanzó el backup correctamente.',
      'Se corrigieron las credenciales del agente de backup y se relanzó el trabajo.',
    ],
  },
  router_link_down: {
    short: ['Enlace WAN caído en {ci}', '{ci}: {error}'],
    description: [
      'A las {time} {ci} dio {error}. El tráfico pasó por el camino de respaldo con latencia alta; hay varias sedes afectadas.',
      '{error} en {ci} desde las {time}; {service} va lento en las sedes remotas.',
    ],
    resolution: [
      'La operadora reparó un corte de fibra; enlace recuperado y sesión BGP levantada.',
      'Se cambió el SFP averiado; interfaz levantada.',
    ],
  },
  switch_port_errors: {
    short: ['Errores en puertos de {ci}', '{error} en {ci}'],
    description: [
      'La monitorización muestra {error} en un uplink de {ci} desde las {time}; pérdida de paquetes intermitente en los servidores.',
      'Los servidores conectados a {ci} tienen cortes intermitentes; se detecta {error}.',
    ],
    resolution: [
      'Se cambió el latiguillo y se limpiaron los contadores; no hay más errores.',
      'Se volvió a habilitar el puerto err-disabled tras quitar el bucle.',
    ],
  },
  firewall_blocking: {
    short: ['El cortafuegos bloquea el tráfico hacia {ci}', 'Conexión bloqueada por el cortafuegos'],
    description: [
      'Desde las {time} falla la interfaz entre dos aplicaciones; los logs del cortafuegos {ci} muestran tráfico denegado.',
      'Los usuarios no llegan a una aplicación interna; el tráfico se deniega en {ci}.',
    ],
    resolution: [
      'La regla se había borrado en la limpieza; se restauró.',
      'Se añadió la regla que faltaba tras mover la aplicación a una subred nueva.',
    ],
  },
  lb_pool_down: {
    short: ['Pool del balanceador caído en {ci}', 'Todos los miembros del pool caídos en {ci}'],
    description: [
      'El virtual server de {ci} para {service} tiene todos los miembros del pool caídos desde las {time}; los usuarios reciben errores.',
      'El monitor de salud de {ci} marca como caídos los miembros del pool.',
    ],
    resolution: [
      'La URL del health check cambió en la última versión; se actualizó el monitor.',
      'Se reiniciaron los servidores de aplicación; miembros levantados.',
    ],
  },
  k8s_pods_crashloop: {
    short: ['Pods en {error} en {ci}', 'Los pods del portal se reinician en {ci}'],
    description: [
      'Desde las {time} varios pods de {ci} están en {error}; el portal está parcialmente caído.',
      'Fallan los despliegues en {ci}: pods en {error}.',
    ],
    resolution: [
      'El límite de memoria se quedó corto tras la nueva versión; se subió y los pods están estables.',
      'Habían caducado las credenciales del registro de imágenes; se renovó el secreto de descarga.',
    ],
  },
  printer_toner: {
    short: ['La impresora del piso {floor} no tiene tóner', 'La impresora de la planta {floor} no imprime'],
    description: [
      'La impresora compartida del piso {floor} se ha quedado sin tóner y nadie puede imprimir desde las {time}. Lo reporta {user}.',
      'La impresora de la planta {floor} marca atasco de papel y tóner bajo; los trabajos se quedan en cola.',
    ],
    resolution: [
      'Se cambió el tóner y se imprimió una página de prueba.',
      'Se quitó el atasco de papel y se cambió el tóner.',
    ],
  },
  laptop_wont_boot: {
    short: ['El portátil no arranca', 'El portátil se queda en la pantalla de recuperación de BitLocker'],
    description: [
      '{user} indica que el portátil no arranca desde esta mañana a las {time}; solo sale la pantalla en negro.',
      'El portátil de {user} pide la clave de recuperación de BitLocker después de la actualización.',
    ],
    resolution: [
      'Se facilitó la clave de recuperación; el portátil arrancó con normalidad.',
      'Se cambió el disco averiado y se restauró el perfil del usuario.',
    ],
  },
} satisfies Partial<Record<IncidentScenarioKey, IncidentText>>;
