import type { ChangeModelKey } from './change-model-catalog';
import type { ChangeText } from './template-types';

/** Textos de cambio en español para los modelos de aplicaciones, OT y servicios de red. */
export const APP_CHANGE_TEXT_ES = {
  app_release: {
    short: ['Versión {version} de {ci}', 'Despliegue de {ci} {version}'],
    description: [
      'Desplegar la versión {version} de {ci} ({env}) con el pipeline. Incluye {count} correcciones y las pantallas de informes nuevas que ha pedido negocio.',
      'Paso a producción de la versión {version} de {service}: corrección de errores y mejoras de rendimiento. Despliegue escalonado, no se espera corte.',
    ],
    justification: [
      'Corrige los errores que ha reportado negocio y entrega la funcionalidad prevista para este trimestre.',
    ],
    implementation:
      '1. Confirmar que la build ha pasado todas las etapas del pipeline.\n2. Hacer backup del esquema de la base de datos de la aplicación.\n3. Desplegar {version} con el pipeline (rolling).\n4. Pasar las pruebas de humo.',
    backout:
      'Volver a desplegar la versión anterior {fromVersion} desde el pipeline y restaurar el backup del esquema si se ejecutaron migraciones. Unos 30 minutos.',
    test: 'Las pruebas de humo automáticas pasan y un usuario clave valida las funciones principales de {service}.',
    risk: 'Bajo: la misma versión lleva dos semanas validada en pruebas.',
  },
  scada_release: {
    short: ['Versión {version} del SCADA/EMS en {ci}', 'Instalar hotfix {version} del EMS ({env})'],
    description: [
      'Instalar la versión {version} del fabricante del SCADA/EMS en {ci}. Durante la instalación el servidor de reserva toma el control, así que los operadores mantienen la supervisión y el mando de la red. Corrige el bloqueo de la lista de alarmas que vimos en los temporales.',
      'Desplegar EMS {version} (desde {fromVersion}) en {ci}: correcciones del estimador de estado y los nuevos despliegues de AGC. Conmutación a reserva, instalación y vuelta.',
    ],
    justification: [
      'Corrección del fabricante para el fallo de procesado de alarmas que bloqueó la lista dos veces en el último temporal; hay que tenerlo antes del pico de invierno.',
    ],
    implementation:
      '1. Avisar al jefe de turno del centro de control y esperar su visto bueno.\n2. Confirmar que el servidor de reserva está sincronizado.\n3. Conmutar a reserva.\n4. Instalar {version} en el principal y reiniciar servicios.\n5. Volver al principal e instalar en el de reserva.',
    backout:
      'Conmutar al servidor de reserva, que sigue en {fromVersion}, desinstalar {version} del principal con el paquete de marcha atrás del fabricante y volver. Los operadores mantienen el control en reserva todo el tiempo; restauración completa en 45 minutos.',
    test: 'Sala de control verifica alarmas, refresco de telemedidas de todas las subestaciones, telemandos sobre un punto de prueba y convergencia del estimador de estado.',
    risk: 'Alto: supervisión y control de la red; se mitiga con la conmutación a reserva y un operador presente.',
  },
  sap_transport: {
    short: ['Transporte SAP {transport} a producción', 'Importar {transport} en producción IS-U'],
    description: [
      'Importar la orden de transporte {transport} en producción de SAP IS-U: corrección del cálculo de tarifas para clientes con discriminación horaria, validada en QA.',
      'Pasar {transport} (corrección de facturación y nuevo formato de factura) a producción después del batch de facturación.',
    ],
    justification: ['El error de cálculo de tarifas afecta a unas {count} facturas al mes; hay plazo regulatorio.'],
    implementation:
      '1. Confirmar la validación en QA y que no hay batch de facturación en marcha.\n2. Importar {transport} con la STMS.\n3. Revisar el log de importación (código de retorno 0 o 4).\n4. Avisar al equipo de facturación.',
    backout:
      'Importar la orden de reversión preparada en QA, que deja los objetos como estaban; la facturación sigue con la lógica anterior.',
    test: 'El usuario clave de facturación simula tres facturas con discriminación horaria en producción y las compara con los resultados de QA.',
    risk: 'Medio: afecta al cálculo de facturas; probado en QA con datos similares a producción.',
  },
  emergency_fix: {
    short: ['EMERGENCIA: corrección para restablecer {service}', 'Emergencia: recuperar {ci} tras incidencia grave'],
    description: [
      'Incidencia grave en {service}: {ci} falla desde las {start}. Se aplica la corrección indicada por el fabricante (cambio de configuración y reinicio del servicio) para recuperar el servicio.',
      'Cambio de emergencia para recuperar {ci}: revertir la configuración errónea y reiniciar el clúster de la aplicación.',
    ],
    justification: [
      '{service} está caído para todos los usuarios; el gestor de la incidencia pide aplicar la corrección ya para recuperar el servicio.',
    ],
    implementation:
      '1. Hacer backup de la configuración actual de {ci}.\n2. Aplicar la corrección del fabricante.\n3. Reiniciar los servicios de la aplicación.\n4. Vigilar durante 30 minutos.',
    backout:
      'Restaurar la configuración guardada en el paso 1 y reiniciar; el servicio vuelve al estado actual (degradado).',
    test: 'El gestor de la incidencia confirma que los usuarios pueden trabajar; la tasa de errores en la monitorización vuelve a lo normal.',
    risk: 'Alto: cambio de emergencia durante una caída.',
  },
  ami_firmware: {
    short: [
      'Firmware de contadores {version} - oleada {count}',
      'Desplegar firmware {version} de contadores desde {ci}',
    ],
    description: [
      'Desplegar por aire el firmware {version} a la siguiente oleada de contadores inteligentes a través del head-end {ci}. El piloto de 500 contadores terminó sin incidencias.',
      'Despliegue del firmware {version} de contadores; corrige la deriva del reloj y los huecos en la curva de carga.',
    ],
    justification: ['Corrige la deriva del reloj que provoca lecturas estimadas y reclamaciones de facturación.'],
    implementation:
      '1. Crear en {ci} el trabajo de despliegue de la oleada.\n2. Limitar a 2.000 contadores por hora.\n3. Seguir la tasa de éxito y parar si los fallos superan el 2%.',
    backout:
      'Los contadores guardan la imagen anterior en el segundo banco: se envía la orden de activar la imagen anterior a la oleada y vuelven a {fromVersion}.',
    test: 'Informe de despliegue con más del 98% de éxito; las lecturas de los contadores actualizados llegan al MDM al día siguiente.',
    risk: 'Medio: población grande; el piloto y la limitación de ritmo acotan el impacto.',
  },
  gis_model_update: {
    short: ['Publicar la actualización del modelo de red GIS', 'Publicación del modelo GIS al OMS ({count} ediciones)'],
    description: [
      'Publicar la actualización semanal del modelo de red ({count} ediciones: alimentadores nuevos y sustitución de transformadores) desde {ci} al OMS y al mapa de averías.',
      'Publicación programada de {count} ediciones del modelo de red desde {ci} al OMS y al mapa de averías.',
    ],
    justification: ['Mantener el modelo de averías del OMS alineado con la red real.'],
    implementation:
      '1. Validar las ediciones con el comprobador de topología.\n2. Exportar el modelo.\n3. Cargarlo en el OMS y reconstruir la conectividad.',
    backout: 'Recargar en el OMS la exportación anterior del modelo; las ediciones se publican la semana siguiente.',
    test: 'El OMS muestra los alimentadores nuevos; la traza desde un transformador de muestra hasta la subestación funciona.',
    risk: 'Bajo: publicación semanal rutinaria.',
  },
  exchange_update: {
    short: ['Exchange {version} en {ci}', 'Instalar la actualización acumulativa {version} de Exchange'],
    description: [
      'Instalar Exchange {version} en los miembros del DAG, de uno en uno, moviendo antes las bases de datos activas al otro miembro.',
      'Actualización de Exchange {version}: parches de seguridad; se conmutan las bases de datos de buzones durante la instalación.',
    ],
    justification: ['Actualización de seguridad exigida por Microsoft para seguir en la línea base soportada.'],
    implementation:
      '1. Poner el primer servidor en modo mantenimiento y mover las bases de datos activas.\n2. Instalar {version}.\n3. Reiniciar y sacarlo de mantenimiento.\n4. Repetir en {peer}.',
    backout:
      'Las CU no se pueden desinstalar: se restaura el servidor desde backup o se reconstruye con /Mode:RecoverServer; el correo sigue funcionando en {peer}.',
    test: 'Test-ServiceHealth correcto, copias de bases de datos sanas, prueba de flujo de correo interno y externo.',
    risk: 'Medio: el correo sigue en el otro miembro del DAG.',
  },
  rtu_config: {
    short: ['Actualizar la lista de puntos de la RTU de la subestación {site}', 'Cambio de parámetros DNP3 en {ci}'],
    description: [
      'Actualizar la lista de puntos de {ci} en la subestación {site} para añadir las señales del interruptor de la nueva posición de línea. Coordinado con el centro de control; habrá una brigada en la subestación.',
      'Cambiar los parámetros de sondeo DNP3 de {ci} para reducir las ráfagas de respuestas no solicitadas.',
    ],
    justification: ['Nueva posición de línea puesta en servicio en {site}; sus señales tienen que llegar al SCADA.'],
    implementation:
      '1. El centro de control pasa la subestación a mando local.\n2. La brigada carga la configuración nueva en {ci}.\n3. Reiniciar las comunicaciones de la RTU.\n4. Prueba punto a punto con la sala de control.',
    backout:
      'La brigada vuelve a cargar la configuración anterior de la RTU (guardada en el portátil y en el repositorio); el centro de control confirma que vuelven las telemedidas.',
    test: 'Prueba punto a punto de cada señal nueva con la sala de control; todos los puntos existentes refrescando.',
    risk: 'Alto: se pierden las telemedidas de {site} durante la recarga (unos 10 minutos); subestación atendida durante el cambio.',
  },
  dr_failover_test: {
    short: ['Prueba de conmutación a DR de {ci}', 'Prueba de recuperación ante desastres: pasar {ci} al CPD2'],
    description: [
      'Conmutación planificada de {ci} y su aplicación al CPD de respaldo (DC2) y vuelta, para demostrar el RTO de {service}.',
      'Prueba anual de DR de {service}: conmutación de la base de datos al DC2, arranque de la aplicación en DR, comprobaciones de negocio y vuelta.',
    ],
    justification: ['Prueba anual de DR exigida por la política de continuidad de negocio y por auditoría.'],
    implementation:
      '1. Comprobar que la réplica está sincronizada.\n2. Parar la aplicación en DC1.\n3. Conmutar {ci} al standby de DC2.\n4. Arrancar la aplicación en DR y hacer comprobaciones.\n5. Volver a DC1.',
    backout: 'Se puede volver a DC1 en cualquier momento; el primario queda intacto mientras el standby está activo.',
    test: 'Los usuarios de negocio pasan la lista de comprobación de DR; se anotan los tiempos frente al RTO.',
    risk: 'Medio: parada planificada de {service} de unos {duration} minutos, dos veces.',
  },
  vpn_config: {
    short: ['Cambio de configuración de la VPN en {ci}', 'Alta del grupo de acceso de contratistas en el portal VPN'],
    description: [
      'Añadir en el portal VPN de {ci} el grupo de acceso del nuevo contratista de contadores, con split tunnelling limitado a las subredes del MDM.',
      'Actualizar el perfil de cliente VPN de {ci} con la nueva lista de gateways.',
    ],
    justification: ['El contratista empieza la semana que viene con el contrato {ticket}.'],
    implementation: '1. Backup de la configuración de {ci}.\n2. Añadir el grupo y la política de acceso.\n3. Commit.',
    backout:
      'Quitar el grupo y la política, o restaurar el backup de configuración; los usuarios actuales no se ven afectados.',
    test: 'La cuenta de prueba del contratista conecta y solo llega a las subredes del MDM.',
    risk: 'Bajo.',
  },
  emergency_network: {
    short: ['EMERGENCIA: recuperar la conectividad de {ci}', 'Sustitución urgente de módulo averiado en {ci}'],
    description: [
      '{ci} perdió los uplinks a las {start}; hay varios servicios degradados. Se sustituye la tarjeta averiada y se restaura la configuración.',
      'Cambio de enrutamiento de emergencia en {ci} para evitar el enlace caído hacia {peer}.',
    ],
    justification: ['Caída de red que afecta a {service}; hay una incidencia grave abierta.'],
    implementation:
      '1. Cambiar el módulo (hay repuesto en el CPD).\n2. Restaurar la configuración.\n3. Verificar interfaces y enrutamiento.',
    backout: 'Volver a encaminar el tráfico por {peer}, como durante la incidencia.',
    test: 'Interfaces levantadas, tabla de rutas completa y servicios accesibles.',
    risk: 'Alto: cambio de emergencia.',
  },
} satisfies Partial<Record<ChangeModelKey, ChangeText>>;
