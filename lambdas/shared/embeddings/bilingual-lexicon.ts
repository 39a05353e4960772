import type { Language } from '../records';
import { tokenize } from './text-normalization';

/**
 * A bridge between English and Spanish ticket vocabulary: words and phrases of both
 * languages that name the same IT or utility-operations concept. The offline embedder
 * adds a concept feature ("@password") for each match, so "contraseña caducada" and
 * "password expired" share features although they share no word.
 *
 * Each row is `concept | English terms | Spanish terms`, terms comma-separated and
 * written naturally (accents and plurals are normalised when the table loads). A term
 * starting with `?` is a false friend outside its language ("red" is a colour in
 * English, "meter" a verb in Spanish): it counts only when the text is detected to be
 * in that language.
 */
const LEXICON_TABLE = `
password | password, passphrase, passwd, pwd | contraseña, clave, clave de acceso
login | login, log in, logon, log on, sign in, signin | iniciar sesión, inicio de sesión, loguearse, acceder, entrar, autenticarse
account | account | cuenta
locked | locked, locked out, lockout, blocked | bloqueada, bloqueado, bloqueo, bloquear
expired | expired, expiry, expiration, expires, expire | caducada, caducado, caducidad, caduca, expirada, expirado, vencida, vencido, vencimiento
user | user, end user | usuario, usuaria
access | access, permission, authorization, authorisation | acceso, permiso, autorización
mfa | mfa, multi-factor, two-factor, 2fa, authenticator | doble factor, segundo factor, autenticación multifactor
reset | reset | restablecer, restablecimiento, resetear, reseteo
certificate | certificate, cert, certs | certificado
server | server, host, node, virtual machine, vm | servidor, nodo, máquina, máquina virtual
database | database, db | base de datos, bbdd, bd
network | network, networking, lan, wan | ?red, redes, comunicaciones
connection | connection, connectivity, connect, connected | conexión, conectividad, conectar, conectado, conecta
unreachable | unreachable, no response, not responding, unresponsive, timeout, timed out, time out | no responde, sin respuesta, inaccesible, tiempo de espera, no contesta
disconnected | disconnected, offline, lost connection | desconectado, desconectada, fuera de línea, sin conexión, pérdida de conexión
firewall | firewall | cortafuegos
switch | switch | conmutador
router | router | enrutador, encaminador, rúter
load_balancer | load balancer, balancer, f5, lb, vip | balanceador, balanceador de carga
storage | storage, san, nas | almacenamiento, cabina
disk | disk, drive | ?disco, unidad
filesystem | filesystem, file system, partition, mount point | sistema de ficheros, sistema de archivos, partición, punto de montaje
full | full, no space, out of space, space | lleno, llena, sin espacio, espacio
memory | memory, ram, heap | memoria
cpu | cpu, processor | procesador
load | load, high cpu, usage, utilization, utilisation | carga, uso, consumo, utilización
backup | backup, back up | respaldo, copia de seguridad, copia, salvaguarda
restore | restore, recover, recovery | restaurar, restauración, recuperar, recuperación
restart | restart, reboot, restarted, rebooted, bounce | reinicio, reiniciar, reiniciado, reiniciada, rearrancar, rearranque
outage | outage, down, downtime, unavailable, not available, out of service | caída, caído, cae, se cayó, no disponible, indisponible, sin servicio, fuera de servicio
slow | slow, slowness, sluggish, delay, delayed, lag | lento, lenta, lentitud, retraso, demora, tarda
latency | latency | latencia
performance | performance, degraded, degradation | rendimiento, degradado, degradada, degradación
failure | failure, fail, fails, failed, failing, fault | fallo, falla, fallan, falló, fallando, fallido, fallida, avería
crash | crash, crashed, hang, hung, frozen, freeze | colgado, colgada, cuelga, se cuelga, congelado
patch | patch, patching, hotfix, fix | parche, parcheo, parchear, corrección
update | update, upgrade, updated, upgraded, updating, upgrading | actualización, actualizar, actualizado, actualizada
migration | migration, migrate | migración, migrar
release | release, deployment, deploy, rollout | despliegue, desplegar, puesta en producción, pase a producción
version | version | versión
install | install, installation, installed | instalar, instalación, instalado
configuration | configuration, config, setting, settings, parameter | configuración, configurar, parámetro, ajuste
rule | rule | regla
port | port | puerto
maintenance_window | maintenance window, change window | ventana de mantenimiento, ventana de cambio, ventana
maintenance | maintenance | mantenimiento
production | production, prod, prd, live | producción
test | test, testing, qa | pruebas, prueba, test, calidad
test_plan | test plan, testing plan, validation plan | plan de pruebas, plan de prueba, plan de validación
development | development, dev | desarrollo
environment | environment | entorno, ambiente
backout_plan | backout plan, back-out plan, back out plan, rollback plan, rollback, roll back, backout, revert | plan de marcha atrás, plan de reversión, plan de vuelta atrás, marcha atrás, vuelta atrás, reversión, revertir
implementation_plan | implementation plan | plan de implantación, plan de implementación
implementation | implementation, implement | implantación, implementación, implementar, implantar
risk | risk | riesgo
impact | impact | impacto
approval | approval, approve, approved, cab | aprobación, aprobar, aprobado, aprobada
schedule | schedule, scheduled, planned | planificado, planificada, programado, programada, planificación
change | change, change request | cambio, petición de cambio, solicitud de cambio
incident | incident, ticket, issue, problem | incidencia, incidente, problema
emergency | emergency, urgent | emergencia, urgente
justification | justification, reason | justificación, motivo
vulnerability | vulnerability, cve, exploit | vulnerabilidad
security | security | seguridad
malware | malware, virus, ransomware, phishing | suplantación
email | email, e-mail, mail, mailbox, outlook, exchange | correo, correo electrónico, buzón
send | send, sending, sent, deliver, delivery | enviar, envío, enviado, entregar, entrega
receive | receive, received, incoming | recibir, recibido, recibe, entrante
printer | printer, print, printing | impresora, imprimir, impresión
toner | toner, cartridge, ink | tóner, cartucho, tinta
floor | floor | piso
computer | laptop, workstation, desktop, pc, computer | portátil, ordenador, equipo, computadora
phone | phone, telephone, mobile | teléfono, móvil, celular
screen | screen, monitor, display | pantalla
file | file, document | fichero, archivo, documento
folder | folder, shared folder, share | carpeta, carpeta compartida, recurso compartido
log | log | registro, traza
alarm | alarm, alert | alarma, alerta
monitoring | monitoring | monitorización, monitoreo, supervisión
job | job, batch, batch job, scheduled job | proceso batch, tarea, tarea programada, lote
queue | queue, backlog | ?cola, encolado, encolados
interface | interface, integration, feed | interfaz, integración
data | data | datos
report | report, reporting | informe, reporte
customer | customer, client, consumer | cliente, abonado
invoice | invoice, bill, invoicing | factura
billing | billing, billing run, bill run | facturación, ciclo de facturación
payment | payment, pay | pago, cobro
meter | ?meter, meters, smart meter, metering | contador, medidor, contador inteligente, medidor inteligente, medida
meter_read | meter read, meter reading, reading, reads | lectura, lectura de contador
substation | substation | subestación
rtu | rtu, remote terminal unit | unidad terminal remota, remota
telemetry | telemetry, scan, polling, points | telemetría, telemedida, sondeo, señales, puntos
scada | scada, ems, energy management | sistema de control
power_outage | power outage, power cut, blackout, loss of supply, supply interruption | corte de suministro, corte de luz, apagón, interrupción de suministro, falta de suministro, sin luz
feeder | feeder, circuit, line | alimentador, línea, circuito
transformer | transformer | transformador
breaker | breaker, circuit breaker, switchgear | interruptor, disyuntor
pressure | pressure | presión
leak | leak | fuga
crew | crew, field crew, technician | cuadrilla, brigada, técnico
work_order | work order | orden de trabajo
map | map, layer, gis | mapa, capa, cartografía
portal | portal, website, web site, web page | web, página web, sitio web
application | application, app | aplicación
container | pod, container | contenedor
kubernetes | kubernetes, k8s, openshift | kubernetes
link | link, uplink | enlace
bandwidth | bandwidth | ancho de banda
packet_loss | packet loss | pérdida de paquetes
wifi | wifi, wi-fi, wireless | inalámbrica, red inalámbrica
query | query, sql | consulta
replication | replication, standby, data guard, sync | replicación, réplica, sincronización
service | service | servicio
stopped | stopped, not running, stop | parado, detenido, parada, detener, parar
start | start, started, starting, startup | arrancar, arranque, iniciar, inicio
request | request | solicitud, petición
delete | delete, remove, removal, decommission | eliminar, borrar, baja, retirar, desmantelar
add | add, create | añadir, crear, agregar
open | open, opening | abrir, apertura
allow | allow, permit | permitir
traffic | traffic | tráfico
ip_address | ip address, address | dirección ip, dirección
vendor | vendor, supplier | proveedor, fabricante
night | night, overnight, tonight | noche, nocturno, esta noche
weekend | weekend | fin de semana
verify | verify, check, validate, validation, confirm | verificar, comprobar, validar, validación, confirmar, comprobación
procedure | documentation, procedure, runbook | documentación, procedimiento
data_center | data center, datacenter | centro de datos, cpd
control_center | control center, control room | centro de control, sala de control
operator | operator, dispatcher | operador, despachador
high | high, elevated | alto, alta, elevado, elevada
critical | critical, severe | crítico, crítica, grave
stuck | stuck, pending, hanging | atascado, atascada, pendiente
duplicate | duplicate, duplicated | duplicado, duplicada
missing | missing, lost, gap | falta, faltan, perdido, perdida, hueco, ausencia
incorrect | incorrect, wrong, invalid | incorrecto, incorrecta, erróneo, errónea, inválido
estimated | estimated, estimation, estimate | estimada, estimado, estimación
transport | transport, transport request | transporte, orden de transporte
operating_system | operating system, os | sistema operativo
freeze | change freeze, freeze period, blackout period | congelación, congelación de cambios, periodo de congelación
`;

interface Phrase {
  readonly tokens: readonly string[];
  readonly concept: string;
  /** Set for false friends: the phrase counts only in text of this language. */
  readonly onlyIn?: Language;
}

/** Phrases indexed by their first token, longest first. */
const PHRASES_BY_FIRST_TOKEN = buildIndex(LEXICON_TABLE);

/** How many term-to-concept mappings the lexicon holds (both languages). */
export const LEXICON_SIZE = [...PHRASES_BY_FIRST_TOKEN.values()].reduce((sum, list) => sum + list.length, 0);

/**
 * The concepts named in a tokenised text, in order of appearance, matching the longest
 * phrase at each position ("copia de seguridad" is a backup, not a copy and security).
 * `language` decides whether false friends count.
 */
export function extractConcepts(tokens: readonly string[], language: Language): string[] {
  const concepts: string[] = [];
  let position = 0;
  while (position < tokens.length) {
    const match = longestMatchAt(tokens, position, language);
    if (match === undefined) {
      position += 1;
    } else {
      concepts.push(match.concept);
      position += match.tokens.length;
    }
  }
  return concepts;
}

function longestMatchAt(tokens: readonly string[], position: number, language: Language): Phrase | undefined {
  let best: Phrase | undefined;
  for (const form of formsOf(tokens[position] as string)) {
    for (const phrase of PHRASES_BY_FIRST_TOKEN.get(form) ?? []) {
      if (best !== undefined && phrase.tokens.length <= best.tokens.length) break;
      if (phrase.onlyIn !== undefined && phrase.onlyIn !== language) continue;
      if (phraseMatches(phrase, tokens, position)) best = phrase;
    }
  }
  return best;
}

function phraseMatches(phrase: Phrase, tokens: readonly string[], position: number): boolean {
  if (position + phrase.tokens.length > tokens.length) return false;
  for (let offset = 1; offset < phrase.tokens.length; offset += 1) {
    if (!formsOf(tokens[position + offset] as string).includes(phrase.tokens[offset] as string)) return false;
  }
  return true;
}

// A token and its singular guesses: "servidores" → "servidor", "patches" → "patch".
function formsOf(token: string): string[] {
  const forms = [token];
  if (token.length > 3 && token.endsWith('s')) forms.push(token.slice(0, -1));
  if (token.length > 4 && token.endsWith('es')) forms.push(token.slice(0, -2));
  return forms;
}

function buildIndex(table: string): Map<string, Phrase[]> {
  const index = new Map<string, Phrase[]>();
  for (const row of table.split('\n')) {
    const [concept, english, spanish] = row.split('|').map((cell) => cell.trim());
    if (concept === undefined || concept === '' || english === undefined || spanish === undefined) continue;
    addTerms(index, concept, english, 'en');
    addTerms(index, concept, spanish, 'es');
  }
  for (const phrases of index.values()) phrases.sort((a, b) => b.tokens.length - a.tokens.length);
  return index;
}

function addTerms(index: Map<string, Phrase[]>, concept: string, terms: string, language: Language): void {
  for (const rawTerm of terms.split(',')) {
    const falseFriend = rawTerm.trim().startsWith('?');
    const tokens = tokenize(rawTerm.replace('?', ''));
    const first = tokens[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    const known = list.some((p) => p.concept === concept && p.tokens.join(' ') === tokens.join(' '));
    if (!known) list.push({ tokens, concept, ...(falseFriend ? { onlyIn: language } : {}) });
    index.set(first, list);
  }
}
