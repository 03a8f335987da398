/**
 * A life story: the asker tells where they work or worked, that they came back, where the family
 * is ("在新疆干了十几年…回来了", "男人在外头打工"). One notion for the understander (src/nlu marks
 * the turn) and for the policy scope check (a place in the story is past context, not the
 * subject of the question).
 */
export const LIFE_STORY =
  /(?:在|从|去|到).{1,8}(?:打工|务工|干活|干了|上班|送外卖)|打工回来|打工回|回来了|回老家|回村|回乡|户口在|老家|男人在|老公在|娃在|孩子在|还在.{1,6}(?:打工|干)/;

/** True when `text` tells a life story (whitespace is ignored). */
export function isLifeStory(text: string): boolean {
  return LIFE_STORY.test(text.replace(/\s+/g, ''));
}
