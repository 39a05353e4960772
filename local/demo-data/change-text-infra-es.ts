import type { ChangeModelKey } from './change-model-catalog';
import type { ChangeText } from './template-types';

/** Textos de cambio en español para los modelos de infraestructura, como los escriben los equipos de sistemas y redes. */
export const INFRA_CHANGE_TEXT_ES = {
  linux_patching: {
    short: ['Parcheo mensual de SO en {ci}', 'Aplicar erratas {errata} en {ci} ({env})'],
    description: [
      'Se aplica el parcheo mensual de RHEL ({errata}, incluye kernel y openssl) en {ci}, entorno de {env}. El servidor da servicio a {service}; mientras {ci} reinicia, el nodo {peer} sigue atendiendo.',
      'Parcheo programado del sistema operativo de {ci}: erratas {errata} y actualizaciones de seguridad pendientes. Requiere reinicio, unos {duration} minutos sin el nodo; el servicio sigue en {peer}.',
    ],
    justification: [
      'Mantener {ci} dentro del objetivo de cumplimiento de parches a 30 días; el kernel actual tiene CVE conocidas.',
      'Ciclo mensual de parcheo exigido por la línea base de seguridad.',
    ],
    implementation:
      '1. Comprobar que hay backup reciente y snapshot de la VM de {ci}.\n2. Sacar {ci} del balanceador / del clúster.\n3. Lanzar el playbook de parcheo (dnf update --advisory {errata}).\n4. Reiniciar y comprobar que arranca con el kernel nuevo.\n5. Volver a meter {ci} en servicio y repetir en {peer} si toca.',
    backout:
      'Revertir el snapshot del paso 1 (o arrancar con el kernel anterior desde GRUB), levantar los servicios de la aplicación y devolver {ci} al pool. El servicio queda restablecido en unos 20 minutos; mientras tanto la carga la lleva {peer}.',
    test: 'Comprobar con uname -r el kernel nuevo, que todas las unidades de systemd están activas, que el agente de monitorización está en verde y que el health check de la aplicación en {ci} devuelve 200. El equipo de la aplicación confirma que se puede entrar en {service}.',
    risk: 'Bajo: hay un nodo redundante que lleva el servicio durante el reinicio. Impacto limitado a un nodo de {service} durante unos {duration} minutos.',
  },
  windows_patching: {
    short: ['Actualización acumulativa {kb} en {ci}', 'Parcheo mensual Windows - {ci}'],
    description: [
      'Instalar la actualización acumulativa de Microsoft {kb} en {ci} ({env}) desde SCCM, con el reinicio necesario. {peer} sigue disponible durante el reinicio.',
      'Parches del martes de Microsoft para {ci}: {kb} y el rollup de seguridad de .NET. Hay que reiniciar el servidor, unos {duration} minutos.',
    ],
    justification: [
      'Actualizaciones de seguridad obligatorias según la política de parcheo (críticas en menos de 30 días).',
    ],
    implementation:
      '1. Verificar que el backup de anoche de {ci} terminó bien.\n2. Poner {ci} en modo mantenimiento en la monitorización.\n3. Desplegar {kb} desde SCCM y reiniciar.\n4. Revisar el historial de Windows Update y los servicios.\n5. Quitar el modo mantenimiento.',
    backout:
      'Desinstalar {kb} con wusa /uninstall y reiniciar; si el servidor no arranca, restaurar desde el backup de la noche anterior. Los usuarios siguen trabajando contra {peer} hasta que {ci} vuelva.',
    test: 'Confirmar que la actualización aparece instalada, que los servicios automáticos están arrancados, que no hay errores críticos nuevos en el visor de eventos y que la aplicación de {ci} responde en su URL de salud.',
    risk: 'Bajo: es la actualización mensual habitual y ya se aplicó en los servidores de pruebas la semana pasada sin problemas.',
  },
  db_upgrade: {
    short: ['Actualizar {ci} de {fromVersion} a {version}', 'Upgrade de la base de datos {ci} a {version}'],
    description: [
      'Actualización de la base de datos {ci} ({env}) de {fromVersion} a {version}. La aplicación {service} estará parada durante la ventana, unos {duration} minutos. El soporte del fabricante para {fromVersion} termina este año.',
      'Upgrade in-place de {ci} a {version}, con actualización del catálogo y recálculo de estadísticas. {service} sin servicio durante la ventana.',
    ],
    justification: [
      '{fromVersion} se queda sin soporte del fabricante y tiene hallazgos de seguridad abiertos; {version} está certificada por el proveedor de la aplicación.',
      'Necesario para seguir en una versión soportada y poder usar el particionado que pide el equipo de la aplicación.',
    ],
    implementation:
      '1. Parar los servicios de la aplicación que usan {ci}.\n2. Hacer copia de seguridad completa de {ci} y verificarla.\n3. Ejecutar las comprobaciones previas y resolver lo que salga.\n4. Actualizar binarios y lanzar los scripts de upgrade a {version}.\n5. Recompilar objetos inválidos y recoger estadísticas.\n6. Arrancar la aplicación y pasarla a verificación.',
    backout:
      'Si el upgrade falla o la verificación no pasa antes de la hora límite, se restaura la copia completa del paso 2 sobre los binarios de {fromVersion} (que se mantienen instalados en paralelo) y se arrancan la base de datos y la aplicación. Tiempo estimado de restauración: 90 minutos; el servicio vuelve a {fromVersion}.',
    test: 'Comprobaciones de DBA: la consulta de versión devuelve {version}, sin objetos inválidos y el alert log limpio. El equipo de la aplicación pasa el smoke test de {service} y confirma las transacciones principales.',
    risk: 'Medio: corte total de {service} durante la ventana; el upgrade se ensayó en pruebas con el mismo volumen de datos.',
  },
  db_parameter: {
    short: ['Cambio del parámetro {parameter} en {ci}', 'Ajustar {parameter} en {ci} a {value}'],
    description: [
      'Cambiar el parámetro {parameter} de la base de datos {ci} de {oldValue} a {value} según la revisión de capacidad. Hace falta reiniciar la instancia.',
      'Poner {parameter}={value} en {ci} ({env}) para acabar con el agotamiento de conexiones/memoria de las últimas semanas.',
    ],
    justification: ['Incidencias repetidas en {service} cuyo origen es el valor actual de {parameter}.'],
    implementation:
      '1. Anotar el valor actual de {parameter}.\n2. Aplicar {parameter}={value} en el fichero de parámetros.\n3. Reiniciar la instancia dentro de la ventana.\n4. Confirmar que el valor nuevo está activo.',
    backout:
      'Volver a dejar {parameter} en {oldValue} y reiniciar la instancia; en 10 minutos el servicio vuelve a comportarse como antes.',
    test: 'Consultar el valor del parámetro, revisar el alert log y confirmar que la aplicación conecta y que el batch nocturno termina.',
    risk: 'Bajo: parámetro reversible dentro de los límites del fabricante, probado en pruebas.',
  },
  security_emergency: {
    short: ['EMERGENCIA: parchear {cve} en {ci}', 'Corrección urgente de la vulnerabilidad {cve} - {ci}'],
    description: [
      'Seguridad informa de explotación activa de {cve}. {ci} está expuesto y hay que parchearlo o mitigarlo hoy. Se aplica el fix del fabricante {version} o, si no es posible, la mitigación.',
      'Cambio de emergencia para corregir la vulnerabilidad crítica {cve} en {ci} ({env}); CVSS 9.8 y exploit público.',
    ],
    justification: [
      '{cve} se está explotando activamente (catálogo KEV de CISA). Esperar al próximo CAB dejaría {ci} expuesto; el CISO pide corregirlo en menos de 24 horas.',
    ],
    implementation:
      '1. Sacar backup de configuración / snapshot de {ci}.\n2. Aplicar el fix del fabricante {version} (o la mitigación documentada).\n3. Reiniciar el servicio afectado.\n4. Pedir a Seguridad que vuelva a escanear {ci}.',
    backout:
      'Restaurar el snapshot o el backup de configuración del paso 1 y reiniciar el servicio; si el parche rompe el servicio, aplicar la mitigación del fabricante en lugar del parche. Servicio restablecido en 15-30 minutos.',
    test: 'El escaneo de vulnerabilidades ya no detecta {cve}; los health checks pasan; los usuarios de {service} pueden entrar.',
    risk: 'Alto: cambio no planificado sobre un componente de producción, pero el riesgo de no parchear es mayor.',
  },
  firewall_rule: {
    short: [
      'Regla de cortafuegos para {ticket}: {source} a {dest} puerto {port}',
      'Abrir TCP {port} desde {source} hacia {dest}',
    ],
    description: [
      'Añadir en {ci} una regla que permita a {source} llegar a {dest} por TCP {port}, según la petición {ticket} aprobada por el responsable de la aplicación.',
      'Nueva regla de acceso en {ci} para {ticket}: {source} -> {dest} puerto {port}. En el mismo cambio se quitan las reglas temporales del trimestre pasado.',
    ],
    justification: ['Necesaria para la nueva interfaz entre {source} y {dest} (petición {ticket}).'],
    implementation:
      '1. Exportar la política activa de {ci}.\n2. Crear la regla {source} -> {dest} TCP {port} con log activado.\n3. Hacer commit y sincronizar con el par HA.\n4. Pedir al solicitante que pruebe la conexión.',
    backout:
      'Borrar la regla nueva y hacer commit, o reimportar la política exportada en el paso 1. El tráfico vuelve a la política anterior al momento.',
    test: 'El solicitante confirma que conecta; el log de tráfico muestra sesiones permitidas en el puerto {port}; sin denegaciones inesperadas.',
    risk: 'Bajo: regla que solo añade acceso, no toca el tráfico existente.',
  },
  tls_renewal: {
    short: ['Renovar el certificado TLS {cert}', 'Renovación del certificado {cert} en {ci}'],
    description: [
      'El certificado {cert} instalado en {ci} caduca en {count} días. Se instala el certificado renovado por la CA con el mismo sujeto y los mismos SAN.',
      'Sustituir el certificado {cert} que está a punto de caducar en {ci} ({env}).',
    ],
    justification: ['Si caduca, deja de funcionar el HTTPS de {service}.'],
    implementation:
      '1. Importar el certificado nuevo y la clave en {ci}.\n2. Cambiar el perfil SSL para que lo use.\n3. Comprobar la cadena y OCSP.',
    backout:
      'Volver a poner en el perfil SSL el certificado anterior, que sigue instalado hasta que caduque. Inmediato.',
    test: 'openssl s_client muestra la nueva fecha de caducidad y la cadena válida; prueba con navegador en la URL pública.',
    risk: 'Bajo: no se espera corte de servicio.',
  },
  k8s_upgrade: {
    short: ['Actualizar {ci} a Kubernetes {version}', 'Upgrade del clúster {ci} {fromVersion} -> {version}'],
    description: [
      'Actualizar el clúster {ci} de {fromVersion} a {version}: primero el plano de control y después los nodos worker, vaciándolos de uno en uno. Las cargas de {service} tienen PodDisruptionBudget y siguen disponibles.',
      'Upgrade menor de {ci} a {version} para seguir dentro de la ventana de soporte; las APIs obsoletas ya se quitaron de nuestros manifiestos.',
    ],
    justification: [
      '{fromVersion} se queda sin soporte el mes que viene; los parches de seguridad solo salen para {version}.',
    ],
    implementation:
      '1. Backup de etcd y exportación de los recursos del clúster.\n2. Actualizar el plano de control a {version}.\n3. Drenar, actualizar y volver a habilitar cada nodo worker.\n4. Actualizar los add-ons (CNI, ingress).',
    backout:
      'El plano de control no se puede bajar de versión en caliente: si falla, se restaura etcd desde el backup en los nodos con la versión anterior que se mantienen en el pool y se vuelven a mover las cargas. Unas 2 horas.',
    test: 'Todos los nodos Ready en {version}, todos los deployments con las réplicas deseadas, pruebas de humo del ingress y del portal en verde.',
    risk: 'Medio: upgrade escalonado con reinicios breves de pods; se probó antes en k8s-tst-01.',
  },
  network_firmware: {
    short: ['Actualización de firmware de {ci} a {version}', 'Subir {ci} de {fromVersion} a {version}'],
    description: [
      'Actualizar {ci} de {fromVersion} a {version} para corregir la fuga de memoria y el aviso de seguridad del fabricante. Durante la recarga el tráfico pasa por {peer}.',
      'Firmware {version} en {ci}; recarga de unos {duration} minutos con el equipo redundante {peer} llevando el tráfico.',
    ],
    justification: [
      'El fabricante indica que {fromVersion} está afectada por una vulnerabilidad alta y por un bug que nos ha tirado el equipo dos veces este año.',
    ],
    implementation:
      '1. Backup de la configuración en ejecución de {ci}.\n2. Copiar la imagen {version} y verificar el hash.\n3. Pasar el tráfico a {peer}.\n4. Cambiar la variable de arranque y recargar {ci}.\n5. Verificar y devolver el tráfico.',
    backout:
      'Volver a poner la variable de arranque en {fromVersion} (se mantiene en la flash) y recargar; restaurar el backup de configuración si hace falta. El tráfico sigue por {peer} hasta que {ci} esté bien.',
    test: 'show version muestra {version}; adyacencias de enrutamiento e interfaces levantadas; ping y traceroute a los CPD y a las subestaciones correctos.',
    risk: 'Medio: el equipo redundante lleva el tráfico; si falla durante la ventana nos quedamos sin conectividad.',
  },
  lb_pool: {
    short: ['Sustituir miembro del pool {pool} en {ci}', 'Deshabilitar {peer} en {pool} y añadir nodo nuevo'],
    description: [
      'Actualizar el pool de F5 {pool} en {ci}: añadir el nodo nuevo y deshabilitar {peer}, que se va a retirar. El monitor de salud no cambia.',
      'Cambio de miembros del pool en {ci} para {service}: drenar {peer} de {pool} antes de darlo de baja.',
    ],
    justification: ['{peer} se va a desmantelar; su sustituto ya está montado y probado.'],
    implementation:
      '1. Guardar el archivo UCS de {ci}.\n2. Añadir el miembro nuevo a {pool} (deshabilitado).\n3. Habilitarlo y comprobar que el monitor está en verde.\n4. Poner {peer} en forced offline cuando se vacíen las conexiones.',
    backout:
      'Volver a habilitar {peer} en {pool} y deshabilitar el miembro nuevo, o cargar el archivo UCS. Inmediato, sin corte.',
    test: 'El pool muestra todos los miembros esperados activos; la URL pública de {service} responde; reparto de conexiones equilibrado.',
    risk: 'Bajo: el drenado de conexiones evita impacto a los usuarios.',
  },
  server_decommission: {
    short: ['Baja del servidor {ci}', 'Desmantelar el servidor {ci} ({env})'],
    description: [
      'Dar de baja {ci}: su carga se migró a la plataforma nueva el mes pasado. Apagar y quitar de monitorización, backup, DNS y CMDB.',
      'Apagar y retirar {ci} tras 30 días sin conexiones; se quita de monitorización, backup y DNS y se da de baja en la CMDB.',
    ],
    justification: ['Servidor sin soporte del fabricante y sin uso; ahorro de licencias y de hosting.'],
    implementation:
      '1. Hacer un backup final de {ci} y guardarlo 90 días.\n2. Quitarlo de la monitorización y de las políticas de backup.\n3. Apagar la VM y dejarla apagada 14 días.\n4. Borrar los registros DNS y pasar el CI a retirado.',
    backout:
      'Durante los 14 días de espera, encender de nuevo la VM y volver a meterla en monitorización; pasado ese plazo, restaurar desde el backup final.',
    test: 'Sin intentos de conexión en el periodo de espera; la monitorización no muestra alertas de {ci}.',
    risk: 'Bajo: no tiene usuarios activos; una dependencia olvidada se vería como conexiones fallidas durante la espera.',
  },
} satisfies Partial<Record<ChangeModelKey, ChangeText>>;
