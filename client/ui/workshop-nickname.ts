// A nickname offered to a student who would rather not invent one: an adjective and an animal,
// plain ASCII (it passes the server's nickname filter), short enough for every board.
const ADJECTIVES = ["Brave", "Calm", "Clever", "Eager", "Gentle", "Happy", "Jolly", "Kind", "Lucky", "Merry", "Nimble", "Proud", "Quick", "Quiet", "Swift", "Witty", "Bold", "Bright", "Keen", "Sunny"];
const ANIMALS = ["Otter", "Falcon", "Badger", "Lynx", "Panda", "Heron", "Koala", "Marten", "Puffin", "Raven", "Gecko", "Ibex", "Moose", "Newt", "Orca", "Quokka", "Tapir", "Wombat", "Yak", "Zebu"];

function pick<T>(list: readonly T[]): T {
  const random = new Uint32Array(1);
  crypto.getRandomValues(random);
  return list[random[0]! % list.length]!;
}

export function generatedNickname(): string {
  const number = new Uint32Array(1);
  crypto.getRandomValues(number);
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)} ${10 + (number[0]! % 90)}`;
}
